#!/bin/bash
# ukl-arches: host
# make bench's plumbing, without running it: reading the guest's `bench KEY
# VALUE` lines out of a console log, the median, the report's ratios,
# Markdown and SVG, and the ukld command recorder.  No timing is judged here.
. tests/common.sh
. bench/lib.sh

printf '%s\r\n' '[    0.512] random: crng init done' 'bench tsc_main 1566299841' \
	'bench overhead 3' 'bench getppid_libc 329' 'xxxxxbench bogus 1' \
	'xxxxxxxx' 'bench write1 3726' 'bench write1 3727' 'bench done 1' >"$WORK/console"
check "parse: only whole bench lines, CRs dropped" \
	test "$(bench_parse "$WORK/console" | tr '\n' ';')" = \
	"tsc_main 1566299841;overhead 3;getppid_libc 329;write1 3726;write1 3727;done 1;"
check "parse: a key's last value" test "$(bench_get "$WORK/console" write1)" = 3727
check "parse: a missing key is empty" test -z "$(bench_get "$WORK/console" tsc_entry)"
check "median of an odd count" test "$(printf '5\n1\n300\n2\n40\n' | median)" = 5
check "median of an even count" test "$(printf '4\n1\n2\n3\n' | median)" = 2.5
check "median of nothing is empty" test -z "$(median </dev/null)"

printf 'link\thello: ukld vs ld\t40.00\tld\t20.00\tms\tran it\n' >"$WORK/rows.tsv"
printf 'syscall\tgetppid\t33\tLinux\t330\tinsns\tran <that> & more\n' >>"$WORK/rows.tsv"
printf 'boot\tfirst → main\t4800177\t-\t-\tinsns\tno baseline\n' >>"$WORK/rows.tsv"
printf 'date\t2026-01-01\n' >"$WORK/meta.tsv"
if python3 bench/report.py "$WORK/rows.tsv" "$WORK/meta.tsv" "$WORK/out" >"$WORK/table"; then
	pass "report: runs"
else
	fail "report: runs"
fi
check "report: ratio ukld/baseline in the table" grep -q '| 40.00 ms | ld | 20.00 ms | 2.00× |' "$WORK/out/RESULTS.md"
check "report: thousands and a small ratio" grep -q '| 33 | Linux | 330 | 0.10× |' "$WORK/out/RESULTS.md"
check "report: a row without baseline has no ratio" grep -q '| 4,800,177 | - | - | - |' "$WORK/out/RESULTS.md"
check "report: what was run, per row" grep -q '^2\. \*\*syscall: getppid\*\* (instructions)\. ran <that> & more$' "$WORK/out/RESULTS.md"
check "report: the printed table" grep -q 'hello: ukld vs ld .* 2.00×' "$WORK/table"
check "report: the chart is well-formed SVG with one bar per ratio" python3 -c '
import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
bars = [e for e in r.iter("{http://www.w3.org/2000/svg}rect") if e.get("fill") != "white"]
sys.exit(len(bars) != 2)' "$WORK/out/chart.svg"
printf 'link\tbroken row\n' >"$WORK/bad.tsv"
python3 bench/report.py "$WORK/bad.tsv" "$WORK/meta.tsv" "$WORK/out2" 2>"$WORK/err"
check "report: a malformed row is refused, naming the file and line" \
	grep -q 'bad.tsv:1: expected 7 tab-separated columns' "$WORK/err"
check "report: nothing written for bad input" test ! -e "$WORK/out2/RESULTS.md"

# bench/ukld-record: the directory and arguments of a link, one line, and
# ukl-cc's temporary object kept (here the "real ukld" is true).
mkdir -p "$WORK/ukl-cc.Ab12Cd" "$WORK/app"
echo obj >"$WORK/ukl-cc.Ab12Cd/0-shell.o"
repo=$PWD
(cd "$WORK/app" && BENCH_UKLD_LOG=$WORK/links.tsv BENCH_UKLD=true \
	"$repo/bench/ukld-record" --sysroot /s "$WORK/ukl-cc.Ab12Cd/0-shell.o" lib.a -o prog)
check "ukld-record: runs the real ukld" test $? = 0
check "ukld-record: one tab-separated line" test "$(cat "$WORK/links.tsv")" = \
	"$(printf '%s\t' "$WORK/app" --sysroot /s "$WORK/links.tsv.objs/ukl-cc.Ab12Cd-0-shell.o" lib.a -o)prog"
check "ukld-record: the temporary object kept" cmp -s "$WORK/ukl-cc.Ab12Cd/0-shell.o" "$WORK/links.tsv.objs/ukl-cc.Ab12Cd-0-shell.o"
