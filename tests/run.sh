#!/bin/bash
# SPDX-License-Identifier: MIT
# make test: runs every tests/*/*.sh (or the ones named) and ends with
# `N passed, N failed`.  A script reports its cases as lines `PASS name` /
# `FAIL name` (or `SKIP name: why`); one that prints none counts as one case
# judged by its exit status.  Each script runs under a timeout, so nothing
# can stall the suite.
#
# Every script runs once per architecture in UKL_ARCHES (make test sets it
# from TEST_ARCHES), with ARCH exported and its cases named ARCH/script.  A
# script that only makes sense for some architectures says so in a line
#   # ukl-arches: x86_64
# and a script that does not depend on the architecture at all (unit tests
# of the host tool) says `# ukl-arches: host` and runs once.
set -u
cd "$(dirname "$0")/.."
TEST_TIMEOUT=${TEST_TIMEOUT:-300}
pass=0 fail=0 skip=0
failed=()
scripts=("$@")
[ ${#scripts[@]} -eq 0 ] && scripts=($(ls tests/*/*.sh | sort))
ARCHES=${UKL_ARCHES:-x86_64}
runs=()
for t in "${scripts[@]}"; do
	want=$(sed -n 's/^# ukl-arches: *//p' "$t" | head -1)
	if [ "$want" = host ]; then runs+=("host:$t"); continue; fi
	for a in $ARCHES; do
		[ -z "$want" ] || [[ " $want " == *" $a "* ]] && runs+=("$a:$t")
	done
done
for r in "${runs[@]}"; do
	a=${r%%:*} t=${r#*:}
	name=${t#tests/}; name=${name%.sh}
	[ "$a" = host ] || name=$a/$name
	arch=$a; [ "$a" = host ] && arch=${ARCHES%% *}
	out=$(mktemp)
	start=$(date +%s.%N)
	ARCH=$arch timeout -k 5 "$TEST_TIMEOUT" bash "$t" >"$out" 2>&1
	rc=$?
	secs=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
	np=$(grep -c '^PASS ' "$out"); nf=$(grep -c '^FAIL ' "$out"); ns=$(grep -c '^SKIP ' "$out")
	if [ $((np + nf + ns)) -eq 0 ]; then
		if [ $rc -eq 0 ]; then np=1; else nf=1; fi
	elif [ $rc -ne 0 ] && [ $nf -eq 0 ]; then
		nf=1; echo "FAIL $name (exit status $rc)" >>"$out"
	fi
	pass=$((pass + np)); fail=$((fail + nf)); skip=$((skip + ns))
	if [ $nf -gt 0 ]; then
		echo "FAIL $name ($np passed, $nf failed, ${secs}s)"
		sed 's/^/    /' "$out" | tail -40
		failed+=("$name")
	else
		sk=; [ $ns -gt 0 ] && sk=", $ns skipped"
		echo "ok   $name ($np passed$sk, ${secs}s)"
		[ -n "${VERBOSE:-}" ] && sed 's/^/    /' "$out"
	fi
	rm -f "$out"
done
[ ${#failed[@]} -gt 0 ] && echo "failed: ${failed[*]}"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
