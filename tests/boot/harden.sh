#!/bin/bash
# The runtime's page protections: text read-only and executable, rodata,
# data, heap and stack not executable (NX), read-only held at ring 0 (CR0.WP),
# page 0 unmapped, a guard page below the application's stack.  Each breach
# ends the guest with a fault report naming the function and the cause, and
# the fault status (255): never a hang, a reset or a silent success.
# ukl-arches: x86_64
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/harden.c || { fail compile; exit 1; }
link_app harden "$WORK/app.a" || { fail link; exit 1; }

boot "$WORK/harden" call-text
check "control: calling code works" test $? = 0
check "control: survived" console_has "survived call-text (7)"

# breach MODE FUNCTION CAUSE
breach() {
	boot "$WORK/harden" "$1"
	local rc=$?
	check "$1: fault status 255" test $rc = 255
	check "$1: ran up to it" console_has "about to $1"
	check "$1: did not go on" bash -c "! grep -q survived '$WORK/console'"
	check "$1: page fault reported" console_has "#PF page fault"
	check "$1: names $2" grep -q "$2" "$WORK/console"
	check "$1: says '$3'" console_has "$3"
	[ $rc = 255 ] && grep -q "$3" "$WORK/console" || show_console
}
breach write-text write_text "write to read-only memory"
breach write-rodata write_rodata "write to read-only memory"
# A jump to bad memory leaves RIP nowhere: the report names the caller from
# the word at the stack top (call_at's call is a tail call into main).
breach exec-stack "\[RSP\].* main+" "instruction fetch from non-executable memory"
breach exec-heap "\[RSP\].* main+" "instruction fetch from non-executable memory"
breach exec-data "\[RSP\].* main+" "instruction fetch from non-executable memory"
breach exec-rodata "\[RSP\].* main+" "instruction fetch from non-executable memory"
breach read-null read_null "NULL pointer dereference"
breach call-null "\[RSP\].* main+" "call through a NULL pointer"
breach stack-overflow recurse "application stack overflow"
