#!/bin/bash
# ukl-cc as real build systems call it (issue 18, items 9 and 10): the
# linker options of Debian's default LDFLAGS and of common Makefiles link
# (each passed on, or dropped with a -v note saying why), -l:FILE finds the
# archive by its file name, with GNU ld and lld; -pthread keeps its
# compile-time meaning (_REENTRANT, which autoconf's pthread probe tests).
. tests/common.sh
cat >"$WORK/main.c" <<'C'
int lib_answer(void);
int main(void) { return lib_answer() == 42 ? 7 : 1; }
C
cat >"$WORK/lib.c" <<'C'
int lib_answer(void) { return 42; }
C
cat >"$WORK/reentrant.c" <<'C'
#ifndef _REENTRANT
#error -pthread did not define _REENTRANT
#endif
int main(void) { return 0; }
C
mkdir -p "$WORK/lib"
"$UKLCC" -O2 -c "$WORK/lib.c" -o "$WORK/lib.o" && ar rcs "$WORK/lib/libanswer.a" "$WORK/lib.o" ||
	{ fail "build the library"; exit 1; }

opts=(-Wl,-s -Wl,-O1 -Wl,-z,relro -Wl,-z,now -Wl,--gc-sections -Wl,--as-needed
      -Wl,-z,noexecstack -Wl,--build-id -Wl,--hash-style=gnu -Wl,-Map,"$WORK/map"
      -Wl,--start-group -Wl,--end-group -Wl,-rpath -Wl,/opt/x -Wl,--sort-common
      -Xlinker -O1 -s -rdynamic)
for ld in bfd lld; do
	"$UKLCC" -v -O2 "$WORK/main.c" -L"$WORK/lib" -l:libanswer.a "${opts[@]}" \
		-Wl,--linker=$ld -o "$WORK/img-$ld" >"$WORK/out" 2>&1
	rc=$?
	check "$ld: the common linker options link" test $rc = 0 -a -f "$WORK/img-$ld"
	[ $rc = 0 ] || sed 's/^/    | /' "$WORK/out" | tail -5
	for o in -s -O1 "-z relro" "-z now" --gc-sections; do
		check "$ld: -v says why $o is ignored" grep -q "note: linker option '$o' ignored: " "$WORK/out"
	done
	check "$ld: -l:libanswer.a found by its file name" \
		grep -q -- "-l:libanswer.a" "$WORK/out"
	check "$ld: the symbols are kept (-s ignored)" bash -c "$NM '$WORK/img-$ld' | grep -q ' ukl_main$'"
	boot "$WORK/img-$ld"
	check "$ld: the image runs (exit 7)" test $? = 7
	# Without -v, no notes.
	"$UKLCC" -O2 "$WORK/main.c" -L"$WORK/lib" -l:libanswer.a -Wl,-O1,-z,relro,-z,now \
		-Wl,--linker=$ld -o "$WORK/quiet" >"$WORK/out" 2>&1
	check "$ld: without -v the ignored options say nothing" test $? = 0 -a ! -s "$WORK/out"
done
"$UKLCC" -O2 -L"$WORK/lib" -l:libnone.a "$WORK/main.c" -o "$WORK/none" 2>"$WORK/err"
check "-l:libnone.a: not found, named" grep -q "cannot find -l:libnone.a" "$WORK/err"
"$UKLCC" -Wl,-z 2>"$WORK/err" "$WORK/main.c" -o "$WORK/none"
check "-Wl,-z without its argument: refused" grep -q "needs an argument" "$WORK/err"

# -pthread, compiling and linking in one step (autoconf's probe), and -c.
"$UKLCC" -pthread "$WORK/reentrant.c" -o "$WORK/reentrant" 2>"$WORK/err"
check "-pthread (link mode): _REENTRANT defined" test $? = 0
"$UKLCC" -pthread -c "$WORK/reentrant.c" -o "$WORK/reentrant.o" 2>"$WORK/err"
check "-pthread -c: _REENTRANT defined" test $? = 0
