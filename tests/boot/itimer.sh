#!/bin/bash
# setitimer/getitimer (a one-shot ITIMER_REAL whose SIGALRM interrupts a
# nanosleep, a periodic ITIMER_PROF, bad arguments), getrusage and prctl's
# PR_SET/GET_THP_DISABLE, as Redis uses them; then SIGALRM's default action
# ends the machine ("killed by signal 14", the fault status 255).
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/itimer.c || { fail compile; exit 1; }
link_app itimer "$WORK/app.a" 2>/dev/null || { fail link; exit 1; }
boot "$WORK/itimer"
rc=$?
cat >"$WORK/expected" <<'OUT'
setitimer REAL 50 ms: 0
getitimer: armed 1, <= 50 ms 1
nanosleep: -1 Interrupted system call, alarms 1, after >= 50 ms 1, < 1000 ms 1
one shot: disarmed 1
periodic PROF: 1 signals, interval 10 ms 1
setitimer 7: -1 Invalid argument
setitimer usec 1000000: -1 Invalid argument
getrusage SELF: 0, time > 0 1, maxrss > 0 1
getrusage 5: -1 Invalid argument
PR_SET_THP_DISABLE: 0
PR_GET_THP_DISABLE: 1
prctl 9999: -1 Invalid argument
itimer: done
ukl: killed by signal 14
OUT
grep -v '^ukl-run:' "$WORK/console" >"$WORK/out"; mv "$WORK/out" "$WORK/console"
expect_output "itimers, getrusage, prctl" "$WORK/expected"
check "SIGALRM's default action: status 255 ($rc)" test $rc = 255
