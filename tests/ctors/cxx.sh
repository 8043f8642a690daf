#!/bin/bash
# C++ (tests/ctors/progs/cxx_*.cc) built and linked by ukl-c++, with GNU ld
# and ld.lld: global objects (one with init_priority; a template's static
# member instantiated in both translation units, built once), function-local
# statics (__cxa_guard_*), destructors through __cxa_atexit in reverse order
# of construction and interleaved with atexit, thread_local objects
# (__cxa_thread_atexit, libukl-cxx), new/delete in every form,
# virtual calls; exit() and return from main.  The output must be that of
# the same program built by the host's g++ -static.
. tests/common.sh
# The target's ukl-c++, as common.sh picks ukl-cc (riscv64: riscv64-ukl-c++).
UKLCXX=${UKLCC%-cc}-c++
p=tests/ctors/progs
if [ ! -x "$UKLCXX" ] || [ ! -f "$BA/sysroot/lib/libukl-cxx.a" ]; then
	echo "SKIP cxx: no ukl-c++ for $ARCH (its g++ is not installed)"
	exit 0
fi
cat >"$WORK/head" <<'END'
construct init_priority(200) global
construct global in cxx_main.cc
construct template static member
construct global in cxx_other.cc
main: early=4 global=1 other=2
construct function-local static in cxx_main.cc
construct function-local static in cxx_other.cc
construct function-local thread_local
construct thread_local in cxx_other.cc
thread_local: 9 10
statics again: 5 3
global constructors ran once: ok
template: 12 10
virtual area: 49
~Square 7
~Shape
new[]: 999
construct placement new
destroy placement new
construct nothrow new
destroy nothrow new
aligned new: ok
END
cat >"$WORK/tail" <<'END'
destroy thread_local in cxx_other.cc
destroy function-local thread_local
destroy function-local static in cxx_other.cc
atexit handler
destroy function-local static in cxx_main.cc
destroy global in cxx_other.cc
destroy template static member
destroy global in cxx_main.cc
destroy init_priority(200) global
END
{ cat "$WORK/head"; echo "return from main"; cat "$WORK/tail"; } >"$WORK/expected"
{ cat "$WORK/head"; echo "exit(3)"; cat "$WORK/tail"; } >"$WORK/expected-exit"

if host_native && command -v g++ >/dev/null; then
	g++ -static -O2 -fno-exceptions -fno-rtti -o "$WORK/host" $p/cxx_main.cc $p/cxx_other.cc &&
	"$WORK/host" >"$WORK/console"
	expect_output "host: g++ -static prints the expected lines" "$WORK/expected"
	"$WORK/host" exit >"$WORK/console"
	expect_output "host: exit() prints the expected lines" "$WORK/expected-exit"
fi

# Compile with ukl-c++ -c, link with ukl-c++ (which adds -lukl-cxx).
"$UKLCXX" -O2 -g -Wall -Wextra -c -o "$WORK/cxx_main.o" $p/cxx_main.cc &&
"$UKLCXX" -O2 -g -Wall -Wextra -c -o "$WORK/cxx_other.o" $p/cxx_other.cc ||
	{ fail "compile"; exit 1; }
for linker in bfd lld; do
	img=$WORK/cxx-$linker
	UKL_ARCH=$ARCH "$UKLCXX" -Wl,--linker=$linker -Wl,--name,cxx -o "$img" \
		"$WORK/cxx_main.o" "$WORK/cxx_other.o" || { fail "$linker: link"; continue; }
	check "$linker: no undefined symbols" test -z "$($NM -u "$img")"
	array_names "$img" init >"$WORK/init"
	check "$linker: init array: the init_priority(200) objects first" \
		grep -q '^ukl__GLOBAL__sub_I.00200_' <(head -1 "$WORK/init")
	check "$linker: init array: one constructor per translation unit and priority" \
		test "$(grep -c '^ukl__GLOBAL__sub_I' "$WORK/init")" = 3 -a "$(wc -l <"$WORK/init")" = 3
	$NM "$img" >"$WORK/nm"
	for s in __cxa_guard_acquire __cxa_guard_release _Znwm _ZdlPvm __cxa_atexit __cxa_thread_atexit; do
		check "$linker: $s is the application's" grep -q " T ukl_$s\$" "$WORK/nm"
	done
	boot "$img"; rc=$?
	check "$linker: exit status 0" test $rc = 0
	expect_output "$linker: output" "$WORK/expected"
	boot "$img" exit; rc=$?
	check "$linker: exit(): status 3" test $rc = 3
	expect_output "$linker: exit(): output" "$WORK/expected-exit"
done
