#!/bin/bash
# The linker's messages name the user's inputs (issue 18, item 8): a
# corruption ukld lets through (here with --no-check: a relocation type no
# linker knows) reaches GNU ld or lld, whose lines name archive[member],
# never the prefixed copy in ukld's work directory; and a relocation
# outside its section, which crashed ld.lld 14, is refused by ukld naming
# the member.
. tests/common.sh
cat >"$WORK/r.c" <<'C'
int table[4] = { 1, 2, 3, 4 };
int main(void) { return table[1]; }
C
"$UKLCC" -O2 -c "$WORK/r.c" -o "$WORK/r.o" || { fail build; exit 1; }
# The first relocation of .rela.text: its type (r_info's low 32 bits) 250,
# or its offset past the section.
sh=$(readelf -SW "$WORK/r.o" | sed 's/^ *\[ *[0-9]*\]//' | awk '$1 ~ /^\.rela\.text/ && $2 == "RELA" {print $4; exit}')
[ -n "$sh" ] || { fail "find .rela.text"; exit 1; }
cp "$WORK/r.o" "$WORK/rtype.o"
printf '\xfa' | dd of="$WORK/rtype.o" bs=1 seek=$((0x$sh + 8)) conv=notrunc status=none
cp "$WORK/r.o" "$WORK/roff.o"
printf '\x00\x00\x00\x10' | dd of="$WORK/roff.o" bs=1 seek=$((0x$sh)) conv=notrunc status=none
ar rcs "$WORK/rtype.a" "$WORK/rtype.o" && ar rcs "$WORK/roff.a" "$WORK/roff.o"
mkdir -p "$WORK/tmp"
for ld in bfd lld; do
	TMPDIR=$WORK/tmp "$UKLD" --no-check --linker=$ld "$WORK/rtype.a" "$KERNEL" -o "$WORK/img" 2>"$WORK/err"
	rc=$?
	check "$ld: unknown relocation type: the link fails" test $rc = 1
	check "$ld: the linker's message names rtype.a[rtype.o]" grep -qF "rtype.a[rtype.o]" "$WORK/err"
	check "$ld: no line names the work directory" bash -c "! grep -q '$WORK/tmp\|ukl-app/' '$WORK/err'"
	sed 's/^/    | /' "$WORK/err" | head -4
	TMPDIR=$WORK/tmp "$UKLD" --no-check --linker=$ld "$WORK/roff.a" "$KERNEL" -o "$WORK/img" 2>"$WORK/err"
	check "$ld: relocation outside its section: refused by ukld" test $? = 1
	check "$ld: ... naming roff.a[roff.o], in one line" \
		bash -c "[ \$(wc -l <'$WORK/err') = 1 ] && grep -qF 'roff.a[roff.o]: error: relocation 0' '$WORK/err'"
	check "$ld: no image" test ! -e "$WORK/img"
done
