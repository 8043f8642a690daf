#!/bin/bash
# ukl-run never reports success when QEMU fails (issue 18, item 3): no
# status is both QEMU's own and a guest's.  The runtime's exit value is
# never 0 (QEMU's failure 1 would read as exit(0)); QEMU runs under a
# monitor that tells a death by signal and a time-out from an exit.
# Cases: QEMU refusing an option, an image it cannot load, a QEMU that
# exits 1 or 2, dies by a signal or hangs (stand-ins, UKL_QEMU), one that
# cannot be run (timeout(1)'s 125 and 127 were odd: gone with it); and every guest status still arrives: 0..124 exactly,
# 125 and above as 125 with a note, a fault as 255.
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/status.c || { fail compile; exit 1; }
link_app status "$WORK/app.a" || { fail link; exit 1; }

# run NAME WANT [ENV...]: ukl-run with ENV exits WANT and says why.
run() {
	local n=$1 want=$2; shift 2
	env "$@" "$UKLRUN" "$WORK/status" 0 >"$WORK/console" 2>&1 </dev/null
	local rc=$?
	check "$n: ukl-run exits $want (not 0)" test $rc = "$want"
	[ $rc = "$want" ] || show_console
}
run "QEMU refuses an option" 253 UKL_QEMU_ARGS=-no-such-option
check "QEMU refuses an option: said" console_has "qemu failed"
# A user network by hand without restrict=on never starts.
for net in "-netdev user,id=x" "-nic user" "-netdev user,id=x,restrict=off"; do
	UKL_QEMU_ARGS="$net" "$UKLRUN" "$WORK/status" 0 >"$WORK/console" 2>&1 </dev/null
	rc=$?
	check "UKL_QEMU_ARGS=$net: refused (2, $rc)" test $rc = 2
	check "UKL_QEMU_ARGS=$net: says restrict=on" console_has "needs restrict=on"
done
head -c 200 "$WORK/status" >"$WORK/broken"
UKL_TIMEOUT=5 "$UKLRUN" "$WORK/broken" >"$WORK/console" 2>&1 </dev/null
rc=$?
# x86_64: "Error while loading elf kernel"; riscv64's QEMU may take what it
# cannot read as an ELF for raw bytes, which never end: a time-out.
check "an image QEMU cannot load: ukl-run fails ($rc)" test $rc = 253 -o $rc = 124
for st in 1 2; do
	printf '#!/bin/sh\nexit %s\n' "$st" >"$WORK/qemu-$st"
	chmod +x "$WORK/qemu-$st"
done
run "QEMU exits 1" 253 UKL_QEMU="$WORK/qemu-1"
run "QEMU exits 2" 253 UKL_QEMU="$WORK/qemu-2"
printf '#!/bin/sh\nkill -TRAP $$\n' >"$WORK/qemu-sig"; chmod +x "$WORK/qemu-sig"
run "QEMU dies by SIGTRAP" 253 UKL_QEMU="$WORK/qemu-sig"
check "QEMU dies by SIGTRAP: said" console_has "killed by signal 5"
printf '#!/bin/sh\nkill -SEGV $$\n' >"$WORK/qemu-segv"; chmod +x "$WORK/qemu-segv"
run "QEMU dies by SIGSEGV" 253 UKL_QEMU="$WORK/qemu-segv"
run "QEMU cannot be run" 253 UKL_QEMU="$WORK/no-such-qemu"
check "QEMU cannot be run: said" console_has "cannot run"
printf '#!/bin/sh\nexec sleep 30\n' >"$WORK/qemu-hang"; chmod +x "$WORK/qemu-hang"
run "QEMU hangs: time-out" 124 UKL_QEMU="$WORK/qemu-hang" UKL_TIMEOUT=1

# The guest's statuses, through the real device.
for s in 0 1 62 63 124; do
	boot "$WORK/status" "exit $s"
	check "exit($s) arrives as $s" test $? = "$s"
done
boot "$WORK/status" "exit 125"
rc=$?
check "exit(125) arrives as 125" test $rc = 125
check "exit(125): noted as 125 or more" console_has "125 or more"
boot "$WORK/status" "exit 200"
check "exit(200) arrives as 125" test $? = 125
boot "$WORK/status" "exit 127"
check "exit(127) is no fault" test $? = 125
