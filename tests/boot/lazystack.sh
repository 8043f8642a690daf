#!/bin/bash
# The application stack is mapped as it is touched (runtime/vm.c, the
# arch trap code): tests/boot/progs/lazystack.c's checks, each a line, on
# the default machine and on microvm (x86_64), under -icount and not.
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/lazystack.c || { fail compile; exit 1; }
link_app lazystack "$WORK/app.a" || { fail link; exit 1; }
cat >"$WORK/expected" <<'OUT'
sched_getaffinity into an untouched page: 0, cpu 0 in it 1
futex wake on an untouched word: 0
mprotect an untouched page read-only: 0, reads 0
mprotect it back: 0
384 frames of 16 KiB: every byte written read back 1
a SIGALRM at each of 12 waits while growing: 1
the handler ran more than 5 MiB deep: 1
OUT
runs=("" "-icount shift=0,sleep=off")
[ "$ARCH" = x86_64 ] && runs+=("-M microvm")
for q in "${runs[@]}"; do
	n="lazystack${q:+ ($q)}"
	UKL_QEMU_ARGS=$q boot "$WORK/lazystack"
	rc=$?
	check "$n: exit status 0 ($rc)" test $rc = 0
	expect_output "$n: output" "$WORK/expected"
done
