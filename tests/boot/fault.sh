#!/bin/bash
# A fault in the application is a clean report naming the function, and the
# guest ends with the fault status (255 from ukl-run): never a hang or reset.
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/fault.c || { fail compile; exit 1; }
for linker in bfd lld; do
	link_app fault "$WORK/app.a" --linker=$linker || { fail "$linker: link"; continue; }
	boot "$WORK/fault"
	rc=$?
	show_console
	check "$linker: fault exit status 255" test $rc = 255
	check "$linker: ran up to the fault" console_has "about to fault"
	check "$linker: did not go on" bash -c "! grep -q survived '$WORK/console'"
	check "$linker: names the page fault" grep -qi "page fault" "$WORK/console"
	check "$linker: names the function unprefixed" grep -q "crash_here" "$WORK/console"
	check "$linker: no ukl_ prefix in the report" bash -c "! grep -q 'ukl_crash_here' '$WORK/console'"
done
