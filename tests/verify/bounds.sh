#!/bin/bash
# ukld verify bounds every size alike on both architectures (issue 18,
# items 6 and 7): the images tests/verify/make-bad-images damages (a
# PT_LOAD larger than what the runtime maps or wrapping around, a huge
# PT_TLS, e_phentsize 32, zeroed or oversized notes) each fail the
# `segments` invariant; a truncated image, or section headers past its end,
# is said to be truncated, in one line.  With GNU ld's and lld's images.
. tests/common.sh
cat >"$WORK/main.c" <<'C'
__thread int tv = 3;
int main(void) { return tv - 3; }
C
build_app "$WORK/app.a" "$WORK/main.c" || { fail build; exit 1; }
for ld in bfd lld; do
	link_app img-$ld "$WORK/app.a" --linker=$ld || { fail "$ld: link"; continue; }
	"$UKLD" verify "$WORK/img-$ld" >/dev/null
	check "$ld: the undamaged image passes" test $? = 0
	bash tests/verify/make-bad-images "$WORK/img-$ld" "$WORK/bad-$ld" ||
		{ fail "$ld: make the damaged images"; continue; }
	for b in bigload:"more than the 2 GiB" wrap:"wraps around" phent:"entry size 32" \
		 tls:"PT_TLS [0-9]* has 0x7fffffff0000 bytes" zeronote:"is all zeros" bignote:"runs past"; do
		n=${b%%:*} want=${b#*:}
		"$UKLD" verify "$WORK/bad-$ld/$n" >"$WORK/out" 2>&1
		rc=$?
		check "$ld: $n: refused" test $rc = 1
		check "$ld: $n: FAIL segments ... $want" grep -q "^FAIL segments .*$want" "$WORK/out"
		[ $rc = 1 ] || sed 's/^/    | /' "$WORK/out" | head -5
	done
	for n in trunc shoff; do
		"$UKLD" verify "$WORK/bad-$ld/$n" >"$WORK/out" 2>"$WORK/err"
		rc=$?
		check "$ld: $n: refused" test $rc = 1
		check "$ld: $n: one line, says truncated" \
			bash -c "[ \$(wc -l <'$WORK/err') = 1 ] && grep -q 'image is truncated or corrupt' '$WORK/err'"
	done
done
