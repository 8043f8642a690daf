# SPDX-License-Identifier: MIT
# bench/lib.sh: helpers of bench/run.sh, sourced (also by tests/bench/).

# bench_parse LOG: the guest's `bench KEY VALUE` lines (bench/guest/sysbench.c)
# from a serial console log, as `KEY VALUE`; carriage returns and every
# other line (the kernel's, the program's own output) are dropped.
bench_parse() {
	tr -d '\r' <"$1" | sed -n 's/^bench \([a-z0-9_]*\) \([0-9][0-9]*\)$/\1 \2/p'
}

# bench_get LOG KEY: the value of KEY in LOG (the last one), or nothing.
bench_get() {
	bench_parse "$1" | awk -v k="$2" '$1 == k { v = $2 } END { if (v != "") print v }'
}

# median: the median of the numbers on stdin (mean of the middle two for an
# even count), nothing for none.
median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit
		if (NR % 2) print v[(NR + 1) / 2]
		else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# now_us: wall clock in microseconds.
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }

# timed COMMAND...: run COMMAND (output discarded); its wall time in
# microseconds is left in BENCH_US, its exit status in BENCH_STATUS.
timed() {
	local t0 t1
	t0=${EPOCHREALTIME/./}
	"$@" >/dev/null 2>&1 </dev/null
	BENCH_STATUS=$?
	t1=${EPOCHREALTIME/./}
	BENCH_US=$((t1 - t0))
}
