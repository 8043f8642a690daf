#!/bin/bash
# When musl finds its heap corrupt (free() of a pointer it never returned) or the program calls
# abort(), the guest ends at once with a report and a non-zero status: it
# never hangs until the timeout (musl's a_crash() is `ud2` in our x86_64
# build, see runtime/libc/musl.mk; riscv64's is a store to address 0).
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/libc_crash.c || { fail compile; exit 1; }
for linker in bfd lld; do
	link_app libc_crash "$WORK/app.a" --linker=$linker || { fail "$linker: link"; continue; }
	for what in bad-free abort; do
		start=$(date +%s)
		boot "$WORK/libc_crash" "$what"; rc=$?
		secs=$(( $(date +%s) - start ))
		check "$linker: $what: ran up to it" console_has "about to $what"
		check "$linker: $what: did not go on" bash -c "! grep -q survived '$WORK/console'"
		check "$linker: $what: non-zero status, not the timeout (got $rc)" \
			bash -c "[ $rc != 0 ] && [ $rc != 124 ]"
		check "$linker: $what: ended within 5 s (took ${secs}s)" test "$secs" -le 5
		[ $rc != 0 ] && [ $rc != 124 ] || show_console
	done
	boot "$WORK/libc_crash" bad-free
	if [ "$ARCH" = riscv64 ]; then
		crash="store page fault" pc=sepc
	else
		crash="invalid opcode" pc=RIP
	fi
	check "$linker: bad-free: reported as musl's a_crash ($crash)" \
		console_has "$crash"
	check "$linker: bad-free: the report names the libc function" \
		grep -qE "$pc .* (get_meta|__libc_free|free)\+" "$WORK/console"
done
