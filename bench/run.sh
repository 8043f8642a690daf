#!/bin/bash
# SPDX-License-Identifier: MIT
# bench/run.sh: the measurements of `make bench` (which builds what it needs
# first).  Every row puts ukld, or an image it linked, beside a baseline
# measured in the same run on the same machine, and says what was run.
#
#   link    ukld (all its passes) on hello and on the largest other example,
#           against (a) GNU ld run alone on ukld's own prefixed objects and
#           script, (b) UKL's pipeline: ld -r, objcopy --prefix-symbols,
#           objcopy --redefine-syms, ld.  Median wall time of LINK_RUNS.
#   syscall guest instructions (QEMU -icount shift=0,sleep=off, rdtsc in
#           the guest):
#           bench/guest/sysbench.c linked by ukld, and the same source built
#           with musl-gcc -static as /init under the stock Debian kernel.
#   threads futex ping-pong round trip and thread create+join, guest
#           instructions, the same sysbench under both kernels.
#   boot    instructions from reset, and from the kernel's first instruction,
#           to main (pc, microvm, riscv64 virt); QEMU wall time from start to
#           exit for hello, and on microvm beside QEMU's floor (bench/floor.S,
#           an image that only exits).
#   net     TCP echo: round trip and bulk, ukld's lwIP on virtio-net vs the
#           Linux guest's stack on virtio-net.
#   redis   redis-benchmark GET and SET requests/s, 16 commands pipelined
#           and none, and the guest's CPU time, the ukld Redis image vs the
#           same Redis source (musl-gcc -static) in the Linux guest.
#   nginx   wrk requests/s on a 612-byte index.html and the guest's CPU
#           time per request, the ukld nginx image vs the same nginx source
#           (musl-gcc -static) in the Linux guest.
#   size    each example's image, ELF and stripped (Redis's and nginx's
#           beside Unikraft's published figures).
#
# Results: $B/bench/rows.tsv and meta.tsv, formatted by bench/report.py into
# bench/results/RESULTS.md and chart.svg.  Environment:
#   BENCH_LINK_RUNS (9), BENCH_WALL_RUNS (5)   repetitions
#   BENCH_REDIS_RUNS (5), BENCH_REDIS_N (100000), BENCH_REDIS_N1 (20000)
#                      Redis rounds, requests pipelined and not
#   BENCH_NGINX_RUNS (5), BENCH_NGINX_DURATION (10)  nginx rounds, wrk's seconds
#   BENCH_LINUX_PKG (linux-image-cloud-amd64)  the baseline kernel package
#   BENCH_RESULTS (bench/results)              where the report goes
#   BENCH_ROWS (all)   the sections to measure, of: link sys riscv64 boot
#                      streams net redis nginx linux size (e.g. BENCH_ROWS="redis size");
#                      the rows of the others are kept from the last report
#                      ($BENCH_RESULTS/rows.tsv), and its meta's "measured"
#                      lines say which run measured what (a section named
#                      as its rows' group replaces the group).
set -u
cd "$(dirname "$0")/.."
. bench/lib.sh

B=${B:-build}
BA=$B/x86_64
BIN=$B/bin
UKLD=${UKLD:-$BIN/ukld}
OUT=$B/bench
KERNEL=$BA/vmlinux.o
SYSROOT=$BA/sysroot
LINK_RUNS=${BENCH_LINK_RUNS:-9}
WALL_RUNS=${BENCH_WALL_RUNS:-5}
LINUX_PKG=${BENCH_LINUX_PKG:-linux-image-cloud-amd64}
RESULTS=${BENCH_RESULTS:-bench/results}
QEMU=${UKL_QEMU:-qemu-system-x86_64}
# ukl-run's options (build/bin/ukl-run), used for every guest here, both the
# ukld images and the Linux baseline; -M is given per row.
QEMU_ARGS=(-cpu max -m 256M -nodefaults -no-reboot -serial stdio -monitor none -display none
	   -device isa-debug-exit,iobase=0xf4,iosize=0x04)
LINUX_APPEND="console=ttyS0 quiet panic=-1"
# microvm has no HPET or ACPI PM timer: when TCG is slow (a loaded host)
# Linux fails to calibrate the TSC against the PIT, marks it unstable and
# hangs in about half the boots, so Linux is told the TSC's rate on
# microvm: under -icount QEMU's TSC counts instructions as nanoseconds
# (1 GHz); on plain TCG the guest reads the host's TSC, whose rate
# build/bin/ukl-tsc-khz measures (as ukl-run does for a ukld image).
HOST_TSC_KHZ=$("$BIN/ukl-tsc-khz" 2>/dev/null) ||
	{ HOST_TSC_KHZ=; echo "bench: no host TSC rate ($BIN/ukl-tsc-khz): the TCG guests measure it" >&2; }
LINUX_APPEND_microvm="$LINUX_APPEND${HOST_TSC_KHZ:+ tsc_early_khz=$HOST_TSC_KHZ}"
LINUX_APPEND_microvm_icount="$LINUX_APPEND tsc_early_khz=1000000"
# linux_append MACHINE [icount]: Linux's command line there.
linux_append() { local v=LINUX_APPEND_$1${2:+_$2}; echo "${!v:-$LINUX_APPEND}"; }
# ukld images are told the TSC's rate as ukl-run tells them (ukl.tsc_khz,
# runtime/arch/x86_64/time.c); under -icount it is 1 GHz.
UKL_TSC_APPEND=${HOST_TSC_KHZ:+ukl.tsc_khz=$HOST_TSC_KHZ}
UKL_TSC_APPEND_ICOUNT="ukl.tsc_khz=1000000"
TIMEOUT=60

SECTIONS="link sys riscv64 boot streams net redis nginx linux size"
SELECTED=${BENCH_ROWS:-$SECTIONS}
for s in $SELECTED; do
	[[ " $SECTIONS " == *" $s "* ]] || { echo "bench: BENCH_ROWS: no section $s (of: $SECTIONS)" >&2; exit 2; }
done
# want SECTION: whether this run measures SECTION's rows.
want() { [[ " $SELECTED " == *" $1 "* ]]; }

ROOT=$PWD
ROWS=$ROOT/$OUT/rows.tsv
META=$ROOT/$OUT/meta.tsv
mkdir -p "$OUT"
: >"$ROWS"
: >"$META"

say() { echo "bench: $*" >&2; }
meta() { printf '%s\t%s\n' "$1" "$2" >>"$META"; }
# row GROUP MEASUREMENT UKLD_VALUE BASELINE_NAME BASELINE_VALUE UNIT HOW
# ("-" for a value not measured; HOW says what was run, or why not).
# Paths in this tree are written relative to it.
row() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "${7//$ROOT\//}" >>"$ROWS"
	printf 'bench: %-8s %-50s %12s  vs %12s %s\n' "$1" "$2" "$3" "$5" "$6" >&2
}
# ms MICROSECONDS: as milliseconds, 2 decimals.
ms() { [ "$1" = - ] && echo - || awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
# runs_median TIME...: the median of LINK_RUNS times, "-" if a run failed
# (fewer times than runs).
runs_median() {
	[ $# -eq "$LINK_RUNS" ] || { echo -; return; }
	printf '%s\n' "$@" | median
}
# qemu_run LOG MACHINE EXTRA... : one QEMU guest, console to LOG; the host
# exit status in $BENCH_STATUS, the wall time in $BENCH_US.
# (A ukld image's exit(0) is QEMU's 3: runtime/include/ukl/contract.h.)
qemu_run() {
	local log=$1 m=$2; shift 2
	local t0 t1
	t0=${EPOCHREALTIME/./}
	timeout "$TIMEOUT" "$QEMU" -M "$m" "${QEMU_ARGS[@]}" "$@" >"$log" 2>&1 </dev/null
	BENCH_STATUS=$?
	t1=${EPOCHREALTIME/./}
	BENCH_US=$((t1 - t0))
}
qemu_cmd() { local m=$1; shift; echo "$QEMU -M $m ${QEMU_ARGS[*]} $*"; }
# val LOG KEY: the figure, or "-".
val() { local v; v=$([ -f "$1" ] && bench_get "$1" "$2"); echo "${v:--}"; }
size_of() { stat -c %s "$1"; }
# net_port: a free TCP port on 127.0.0.1, for a guest's forwarded port.
net_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# The hello image, of the boot and size rows.
H=$BA/examples/hello/vmlinux

meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
meta cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1) ($(nproc) cores)"
meta load "$(cut -d' ' -f1-3 /proc/loadavg)"
meta qemu "$($QEMU --version | head -1)"
meta ld "$(ld --version | head -1)"
meta objcopy "$(objcopy --version | head -1)"
meta musl-gcc "$(dpkg-query -W -f='musl-tools ${Version}' musl-tools 2>/dev/null)"

# ---- link ---------------------------------------------------------------
# link_rows NAME DIR UKLD-ARGS...: ukld, run in DIR with UKLD-ARGS (its
# output, -o, is replaced), against plain ld and against UKL's pipeline.
link_rows() {
	local name=$1 dir=$2; shift 2
	local d ukld_bin=$UKLD sysroot=$SYSROOT kernel_abs
	d=$(realpath -m "$OUT/link/$name")
	kernel_abs=$(realpath -m "$KERNEL")
	rm -rf "$d"
	mkdir -p "$d/tmp" "$d/ukl/ukl-app"
	if [ "$dir" != . ]; then
		ukld_bin=$(realpath "$UKLD") sysroot=$(realpath -m "$SYSROOT")
	fi
	pushd "$dir" >/dev/null || return

	# ukld's arguments, and from them the inputs UKL's pipeline gets: the
	# objects, archives and -L/-l in their order, without the kernel.
	local ukld=("$ukld_bin") inputs=() kernel=$kernel_abs a prev=
	for a in "$@"; do
		case $prev in
		-o) ukld+=("$d/ukld.img"); prev=; continue ;;
		--sysroot) sysroot=$a ;;
		--kernel) kernel=$a ;;
		-L) inputs+=("-L$a") ;;
		esac
		ukld+=("$a")
		if [ -n "$prev" ]; then prev=; continue; fi
		case $a in
		-o|--sysroot|--kernel|--name|--prefix|--entry|-L) prev=$a ;;
		-l*|-L*) inputs+=("$a") ;;
		-*) ;;
		*) [ "$(realpath -m "$a")" = "$kernel_abs" ] && kernel=$a || inputs+=("$a") ;;
		esac
	done

	# Once with -v --save-temps: the passes' times, the ld command ukld
	# runs, and its prefixed objects and script, kept for the baselines.
	if ! TMPDIR=$d/tmp "${ukld[@]}" -v --save-temps >"$d/ukld-v.log" 2>&1; then
		row link "$name: ukld" - - - ms "ukld failed: $(tail -1 "$d/ukld-v.log")"
		popd >/dev/null
		return
	fi
	local passes
	passes=$(sed -n 's/^ukld: pass \([a-z]*\) *\([0-9.]*\) ms$/\1 \2/p' "$d/ukld-v.log" |
		 awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 } END { print "" }')
	local ld=()
	read -ra ld <<<"$(sed -n 's/^ukld: running //p' "$d/ukld-v.log")"
	local i out_at=0
	for ((i = 0; i < ${#ld[@]}; i++)); do
		[ "${ld[i]}" = -o ] && ld[i + 1]=$d/ld.img && out_at=$i
	done

	local t_ukld t_ld t_ukl=-

	# UKL's pipeline on the same inputs (the program's, musl's crt files,
	# libc.a, libgcc.a, the kernel object), with ukld's script for the
	# last link.  The redefine list (prefixed names the kernel must see
	# unprefixed) is kept by hand in UKL; here it is made once, outside
	# the timing.
	local lib=$sysroot/lib obj=$d/ukl/app.o pobj=$d/ukl/ukl-app/app.o
	local redef=$d/ukl/redefine.syms
	S1=(ld -r -o "$obj" "-L$lib" "$lib/crt1.o" "$lib/crti.o" --start-group "${inputs[@]}"
	    "$lib/libc.a" "$lib/libgcc.a" --end-group "$lib/crtn.o")
	S2=(objcopy --prefix-symbols=ukl_ "$obj" "$pobj")
	S3=(objcopy "--redefine-syms=$redef" "$pobj")
	# The last link: ukld's own ld command up to the kernel object (which
	# follows -o OUT), then the one prefixed object instead of ukld's.
	S4=("${ld[@]:0:out_at + 3}" "$pobj")
	S4[out_at + 1]=$d/ukl.img
	# ukld's stubs for the calls the kernel does not export
	# (ukld/sysstubs.c) are the kernel's side of the contract: the same
	# object in both links.
	for a in "${ld[@]}"; do
		[[ "$a" == */ukl-sys-stubs.o ]] && S4+=("$a")
	done
	local how_ukl="ld -r, objcopy --prefix-symbols, objcopy --redefine-syms, ld"
	if "${S1[@]}" 2>"$d/ukl/err" && "${S2[@]}" 2>>"$d/ukl/err"; then
		local exports
		objcopy -O binary --only-section=.ukl.exports "$kernel" "$d/ukl/exports"
		exports=" $(tr '\0' ' ' <"$d/ukl/exports") _GLOBAL_OFFSET_TABLE_ __ehdr_start "
		nm -u "$pobj" | awk '{ print $NF }' | while read -r sym; do
			# The kernel's names, and the calls ukld's stubs answer.
			[[ "$exports" == *" ${sym#ukl_} "* || ${sym#ukl_} == __ukl_sys_* ]] &&
				echo "$sym ${sym#ukl_}"
		done >"$redef"
		ukl_pipeline 2>>"$d/ukl/err" && t_ukl=
	fi
	[ "$t_ukl" = - ] && how_ukl="$how_ukl: failed: $(head -1 "$d/ukl/err")"

	# The three take turns, run after run, so a change in the machine's
	# load falls on all of them alike.
	local a_ukld=() a_ld=() a_ukl=()
	for ((i = 0; i < LINK_RUNS; i++)); do
		TMPDIR=$d/tmp timed "${ukld[@]}"
		[ "$BENCH_STATUS" = 0 ] && a_ukld+=("$BENCH_US")
		timed "${ld[@]}"
		[ "$BENCH_STATUS" = 0 ] && a_ld+=("$BENCH_US")
		if [ "$t_ukl" != - ]; then
			timed ukl_pipeline
			[ "$BENCH_STATUS" = 0 ] && a_ukl+=("$BENCH_US")
		fi
	done
	popd >/dev/null
	t_ukld=$(runs_median "${a_ukld[@]}")
	t_ld=$(runs_median "${a_ld[@]}")
	[ "$t_ukl" != - ] && t_ukl=$(runs_median "${a_ukl[@]}")

	local boots=""
	if [ "$name" = hello ] && [ "$t_ukl" != - ]; then
		qemu_run "$d/ukl.console" pc -kernel "$d/ukl.img"
		if [ "$BENCH_STATUS" = 3 ] && grep -q 'Hello from' "$d/ukl.console"; then
			boots=" The image this pipeline makes boots and runs hello (exit status 0)."
		else
			boots=" The image this pipeline makes does NOT boot hello (QEMU status $BENCH_STATUS)."
		fi
	fi

	local in=""
	[ "$dir" = . ] || in=" in $dir"
	# ld's command with its many prefixed objects written as a range.
	local n_app=$(( ${#ld[@]} - out_at - 3 ))
	local ld_show="${ld[*]:0:out_at + 3}"
	[ $n_app -gt 0 ] && ld_show="$ld_show ${ld[out_at + 3]}"
	[ $n_app -gt 2 ] && ld_show="$ld_show ... (the $n_app prefixed objects)"
	[ $n_app -gt 1 ] && ld_show="$ld_show ${ld[${#ld[@]} - 1]}"
	local what="ukld$in: \`${ukld[*]}\` (passes of one \`-v\` run, ms: $passes)"
	row link "$name: ukld vs plain ld" "$(ms "$t_ukld")" "ld on ukld's prefixed objects" "$(ms "$t_ld")" ms \
	    "Median wall time of $LINK_RUNS runs, taking turns with the other commands of this program's rows. $what. Baseline: the linker alone, the command ukld runs (\`-v\`), on the prefixed objects and script it keeps with \`--save-temps\`: \`$ld_show\`."
	row link "$name: ukld vs UKL's pipeline" "$(ms "$t_ukld")" "UKL pipeline" "$(ms "$t_ukl")" ms \
	    "Median wall time of $LINK_RUNS runs. $what. Baseline, UKL's four steps on the same inputs: \`${S1[*]}\`; \`${S2[*]}\`; \`${S3[*]}\` (the names to give back to the kernel, UKL's hand-kept list, made beforehand: the undefined prefixed names that are kernel exports, here $(wc -l <"$redef" 2>/dev/null || echo 0)); \`${S4[*]}\` (ukld's generated script).$boots"
}
ukl_pipeline() { "${S1[@]}" && "${S2[@]}" && "${S3[@]}" && "${S4[@]}"; }

if want link; then
say "link: hello ($LINK_RUNS runs each)"
link_rows hello . --name hello "$BA/examples/hello/app.a" "$KERNEL" -o hello
# The largest real program: the examples built by their own build systems
# link through ukl-cc, whose ukld make bench records (bench/ukld-record);
# the largest link by the size of its inputs.
LINKS=$OUT/ukld-links.tsv
big= big_size=0
if [ -s "$LINKS" ]; then
	while IFS= read -r line; do
		IFS=$'\t' read -ra f <<<"$line"
		size=0
		for a in "${f[@]:1}"; do
			[ "${a:0:1}" = / ] || a=${f[0]}/$a
			case $a in *.o|*.a) [ -f "$a" ] && size=$((size + $(stat -c %s "$a"))) ;; esac
		done
		[ $size -gt $big_size ] && big=$line big_size=$size
	done <"$LINKS"
fi
if [ -z "$big" ] && ls "$BA"/examples/{lua,sqlite}/vmlinux >/dev/null 2>&1; then
	# The real programs are built, so their links should have been recorded
	# (make bench-record): without them the row on the largest program
	# would silently be missing.
	say "error: no ukld link of a real program recorded in $LINKS (run make bench, not bench/run.sh alone)"
	exit 1
fi
if [ -n "$big" ]; then
	IFS=$'\t' read -ra f <<<"$big"
	out=a.out
	for ((i = 1; i < ${#f[@]}; i++)); do [ "${f[i]}" = -o ] && out=${f[i + 1]}; done
	say "link: $(basename "$out") ($LINK_RUNS runs each)"
	link_rows "$(basename "$out")" "${f[@]}"
fi
fi # link

# ---- the Linux baseline --------------------------------------------------
VMLINUZ= LINUX_WHY=
if VMLINUZ=$(bash bench/fetch-linux.sh "$LINUX_PKG" "$OUT/linux" 2>"$OUT/linux-fetch.err"); then
	meta linux "$(basename "$(ls "$OUT/linux/"*.deb | head -1)") (\`apt-get download\`, \`dpkg-deb -x\`)"
else
	LINUX_WHY="the Debian kernel could not be fetched: $(tail -1 "$OUT/linux-fetch.err")"
	say "$LINUX_WHY"
	VMLINUZ=
fi
# linux_args PROGRAM MACHINE [icount]: QEMU's options for Linux with PROGRAM as /init.
linux_args() { echo "-kernel $VMLINUZ -initrd $OUT/linux/$1.cpio.gz -append \"$(linux_append "$2" "${3:-}")\""; }

# ---- syscall cost and boot instructions (-icount) -----------------------
# -icount shift=0: the TSC advances once per guest instruction.  sleep=off:
# while the guest halts its clock jumps to the next timer at once rather
# than following the host's, so every count repeats exactly.
# One boot per kernel and machine gives both: sysbench prints the TSC at
# main (and at the kernel's entry) before measuring the system calls.
UKL_SYSBENCH=$OUT/ukl/sysbench
RV_SYSBENCH=$OUT/riscv64/sysbench
RV_QEMU=(qemu-system-riscv64 -M virt -cpu rv64 -m 256M -nodefaults -no-reboot -serial stdio -monitor none
	 -display none -icount shift=0,sleep=off)
if want sys; then
for m in pc microvm; do
	log=$OUT/sys/ukl-$m.log
	mkdir -p "$OUT/sys"
	qemu_run "$log" "$m" -icount shift=0,sleep=off -kernel "$UKL_SYSBENCH" -append "$UKL_TSC_APPEND_ICOUNT"
	[ "$(bench_get "$log" done)" = 1 ] || say "sysbench under ukld ($m) did not finish; see $log"
	if [ -n "$VMLINUZ" ]; then
		llog=$OUT/sys/linux-$m.log
		qemu_run "$llog" "$m" -icount shift=0,sleep=off -kernel "$VMLINUZ" \
			 -initrd "$OUT/linux/sysbench.cpio.gz" -append "$(linux_append $m icount)"
		[ "$(bench_get "$llog" done)" = 1 ] || say "sysbench under Linux ($m) did not finish; see $llog"
	fi
done

UKL_RUN_PC="\`$(qemu_cmd pc -icount shift=0,sleep=off -kernel "$UKL_SYSBENCH" -append "$UKL_TSC_APPEND_ICOUNT")\`"
if [ -n "$VMLINUZ" ]; then
	LINUX_RUN_PC="under Linux: \`$(qemu_cmd pc -icount shift=0,sleep=off "$(linux_args sysbench pc icount)")\`, /init is the same source built with \`musl-gcc -static -O2\`"
else
	LINUX_RUN_PC="not measured: $LINUX_WHY"
fi
SYS_HOW="Guest instructions (QEMU TCG, \`-icount shift=0,sleep=off\`, where the TSC counts instructions and a halted guest's clock jumps to its next timer, so the counts repeat exactly), median of 101 rdtsc-bracketed calls less the rdtsc pair ($(val "$OUT/sys/ukl-pc.log" overhead)), bench/guest/sysbench.c. ukld: $UKL_RUN_PC; $LINUX_RUN_PC. For scale, a call to an empty function costs $(val "$OUT/sys/ukl-pc.log" call)."
U=$OUT/sys/ukl-pc.log L=$OUT/sys/linux-pc.log
row syscall "an empty function call, for scale" "$(val "$U" call)" "the same under Linux 6.1" "$(val "$L" call)" insns \
    "A call of a function that returns its argument (not inlined), stored to a volatile: the floor of any call. $SYS_HOW"
row syscall "getppid(): direct call vs Linux syscall" "$(val "$U" getppid_libc)" "Linux 6.1 (musl getppid())" "$(val "$L" getppid_libc)" insns \
    "musl's getppid(): ukld's musl calls __ukl_sys_110, which the runtime exports as its handler (runtime/libc/ukl_syscall_direct.h; docs/ARCHITECTURE.md, the contract's System calls): getppid's frame, the call, the handler's two instructions. Before the per-number calls (__ukl_syscall for every call: the arguments shifted and zeroed, a seventh on the stack, the number range- and NULL-checked) it was 33. Debian's musl executes \`syscall\`. $SYS_HOW"
row syscall "getppid(): direct call vs ukld's \`syscall\` instruction" "$(val "$U" getppid_libc)" "ring-0 \`syscall\` (ukld)" "$(val "$U" getppid_insn)" insns \
    "Both in the same ukld image: musl's getppid() (the direct call) and an inline \`syscall\` with SYS_getppid, which enters runtime/arch/x86_64/syscall_entry.S at ring 0 and reaches the same handler through __ukl_syscall. $SYS_HOW"
row syscall "getppid, \`syscall\` instruction: ring 0 vs Linux" "$(val "$U" getppid_insn)" "Linux 6.1 (\`syscall\`)" "$(val "$L" getppid_insn)" insns \
    "An inline \`syscall\` instruction with SYS_getppid: under ukld it enters runtime/arch/x86_64/syscall_entry.S at ring 0. $SYS_HOW"
row syscall "write(1, \"x\", 1) to the serial console" "$(val "$U" write1)" "Linux 6.1 (/dev/console on ttyS0)" "$(val "$L" write1)" insns \
    "musl's write() of one byte to fd 1: ukld's console driver writes the 16550 directly; Linux goes through the tty layer to the 8250 driver. write() is a cancellation point: musl calls __syscall_cp(SYS_write, ...), whose number is not a constant, so under ukld it takes the generic entry __ukl_syscall, not a direct call. $SYS_HOW"
row syscall "write(1, \"x\", 1), \`syscall\` instruction: ring 0 vs Linux" "$(val "$U" write1_insn)" "Linux 6.1 (\`syscall\`)" "$(val "$L" write1_insn)" insns \
    "An inline \`syscall\` instruction with SYS_write, one byte to fd 1: under ukld the ring-0 entry (runtime/arch/x86_64/syscall_entry.S), then __ukl_syscall and the console. $SYS_HOW"
row threads "context switch: futex ping-pong round trip" "$(val "$U" pingpong)" "Linux 6.1 (one CPU)" "$(val "$L" pingpong)" insns \
    "Two threads hand a turn back and forth through FUTEX_WAIT/FUTEX_WAKE (musl's syscall()): a round trip is two wakes, two waits and two context switches. ukld: runtime/futex.c and runtime/sched.c (direct calls; the switch saves the FPU state with xsave and the FS base). $SYS_HOW"
row threads "pthread_create + pthread_join" "$(val "$U" thread_create)" "Linux 6.1 (one CPU)" "$(val "$L" thread_create)" insns \
    "musl's pthread_create (mmap of a stack and its guard page, clone through musl's __clone \`syscall\`) of a thread that returns at once, then pthread_join (the CLEARTID futex wake). $SYS_HOW"

fi # sys

# riscv64: the same sysbench, built with riscv64-ukl-cc and linked by ukld
# for QEMU's virt machine (OpenSBI).  Debian 12 has no riscv64 kernel to
# run it under, so the baselines are ukld's own: the trap path beside the
# direct call.  rdcycle counts instructions under -icount as rdtsc does.
if want riscv64; then
R=$OUT/sys/ukl-riscv64.log
timeout "$TIMEOUT" "${RV_QEMU[@]}" -kernel "$RV_SYSBENCH" >"$R" 2>&1 </dev/null
[ "$(bench_get "$R" done)" = 1 ] || say "sysbench on riscv64 did not finish; see $R"
RV_HOW="Guest instructions (\`rdcycle\` under QEMU's \`-icount shift=0,sleep=off\`), median of 101 calls less the rdcycle pair ($(val "$R" overhead)), bench/guest/sysbench.c built with riscv64-ukl-cc: \`${RV_QEMU[*]} -kernel $RV_SYSBENCH\`. For scale, a call to an empty function costs $(val "$R" call)."
row syscall "riscv64: an empty function call, for scale" "$(val "$R" call)" - - insns \
    "A call of a function that returns its argument (not inlined), stored to a volatile: the floor of any call (auipc+jalr: the kernel and libc are built -mno-relax, so no call relaxes to one jal). $RV_HOW"
row syscall "riscv64: getppid(): direct call vs the ebreak trap" "$(val "$R" getppid_libc)" "ukld's trap path (ecall rewritten to ebreak)" "$(val "$R" getppid_insn)" insns \
    "musl's getppid() calls __ukl_sys_173, which the runtime exports as its handler (runtime/libc/ukl_syscall_direct.h): 3 instructions at the call site (auipc+jalr, the store), 8 in musl's getppid (no tail call: the long result becomes pid_t with a sext.w, so a frame for ra), 2 in the handler. Before the per-number calls (__ukl_syscall for every call) it was 36. The baseline is an inline \`ecall\` with SYS_getppid, which ukld rewrote into \`ebreak\`: a breakpoint trap into runtime/arch/riscv64/trap_entry.S, which saves the registers on the trap stack and serves it as the system call. No Linux: Debian 12 packages no riscv64 kernel. $RV_HOW"
row syscall "riscv64: write(1, \"x\", 1) to the serial console" "$(val "$R" write1)" "ukld's trap path (ecall rewritten to ebreak)" "$(val "$R" write1_insn)" insns \
    "musl's write() of one byte to fd 1, the ns16550a written directly; write() is a cancellation point whose number musl passes at run time (__syscall_cp), so it takes the generic entry __ukl_syscall. The baseline: an inline \`ecall\` with SYS_write, rewritten to \`ebreak\`, the trap path. $RV_HOW"
fi # riscv64

# ---- boot ----------------------------------------------------------------
# Instructions (-icount shift=0,sleep=off: the TSC, and riscv64's rdcycle,
# count guest instructions) from reset and from the kernel's first
# instruction to main: sysbench prints the TSC at main and the one its
# kernel recorded at its first instruction (__ukl_boot_tsc) before it
# measures anything.  Then QEMU's wall time from start to exit for hello
# (TCG, no -icount), beside Linux booting it and, on microvm, beside QEMU's
# floor: the same command booting bench/floor.S, which only exits.
if want boot; then
mkdir -p "$OUT/boot"
for m in pc microvm; do
	U=$OUT/boot/ukl-$m.log N=$OUT/boot/ukl-$m-norate.log
	qemu_run "$U" "$m" -icount shift=0,sleep=off -kernel "$UKL_SYSBENCH" -append "$UKL_TSC_APPEND_ICOUNT"
	[ "$(bench_get "$U" tsc_main)" != "" ] || say "sysbench under ukld ($m) did not reach main; see $U"
	# Without the rate (QEMU started by hand): the PIT measurement.
	qemu_run "$N" "$m" -icount shift=0,sleep=off -kernel "$UKL_SYSBENCH"
	L=$OUT/boot/linux-$m.log LP=$OUT/boot/linux-pvh-$m.log
	if [ -n "$VMLINUZ" ]; then
		qemu_run "$L" "$m" -icount shift=0,sleep=off -kernel "$VMLINUZ" \
			 -initrd "$OUT/linux/sysbench.cpio.gz" -append "$(linux_append $m icount)"
		[ "$(bench_get "$L" tsc_main)" != "" ] || say "Linux ($m) did not reach main; see $L"
	fi
	if [ -n "$VMLINUZ" ] && [ -s "$OUT/linux/vmlinux" ]; then
		qemu_run "$LP" "$m" -icount shift=0,sleep=off -kernel "$OUT/linux/vmlinux" \
			 -initrd "$OUT/linux/sysbench.cpio.gz" -append "$(linux_append $m icount)"
		[ "$(bench_get "$LP" tsc_main)" != "" ] || say "Linux through PVH ($m) did not reach main; see $LP"
	fi
	fw="SeaBIOS and QEMU's PVH option ROM"
	[ $m = microvm ] && fw="qboot"
	um=$(val "$U" tsc_main) ue=$(val "$U" tsc_entry)
	ukern=- nkern=-
	[ "$um" != - ] && [ "$ue" != - ] && ukern=$((um - ue))
	[ "$(val "$N" tsc_main)" != - ] && [ "$(val "$N" tsc_entry)" != - ] &&
		nkern=$(($(val "$N" tsc_main) - $(val "$N" tsc_entry)))
	if [ -n "$VMLINUZ" ]; then
		lhow="Linux: \`$(qemu_cmd $m -icount shift=0,sleep=off "$(linux_args sysbench $m icount)")\`, TSC at /init's main"
	else
		lhow="Linux not measured: $LINUX_WHY"
	fi
	[ $m = microvm ] && lhow="$lhow (tsc_early_khz: see the wall-time row)"
	row boot "reset → main, $m (guest instructions)" "$um" "Linux 6.1 to /init's main" "$(val "$L" tsc_main)" insns \
	    "The TSC at sysbench's main under \`-icount shift=0,sleep=off\` (instructions since reset, firmware included). ukld: \`$(qemu_cmd $m -icount shift=0,sleep=off -kernel "$UKL_SYSBENCH" -append "$UKL_TSC_APPEND_ICOUNT")\` (the TSC's rate on the command line, as ukl-run gives it). $lhow."
	lp=$(val "$LP" tsc_main) lkern=-
	[ "$lp" != - ] && [ "$ue" != - ] && lkern=$((lp - ue))
	if [ "$lkern" != - ]; then
		lhow="Linux: the same kernel's ELF, unpacked from the vmlinuz by bench/fetch-linux.sh, booted through the same PVH entry: \`$(qemu_cmd $m -icount shift=0,sleep=off -kernel "$OUT/linux/vmlinux" -initrd "$OUT/linux/sysbench.cpio.gz" -append "\"$(linux_append $m icount)\"")\`; its TSC at /init's main ($lp) less the same $ue instructions of firmware (the firmware's count does not depend on the image: a 4.6 MB ukld image or an initrd change it by less than 100)"
	elif [ -n "$VMLINUZ" ]; then
		lhow="Linux not measured: no ELF kernel could be unpacked from the vmlinuz, or it did not boot through PVH; see $OUT/linux-fetch.err and $LP"
	fi
	row boot "kernel's first instruction → main, $m" "$ukern" "Linux 6.1 (PVH) to /init's main" "$lkern" insns \
	    "ukld's kernel records the TSC at its first instruction (pvh_start, runtime/arch/x86_64/head.S; exported as __ukl_boot_tsc): $ue instructions of firmware ($fw) come before it; this row is the rest, up to the application's main (musl's start code included), with the TSC's rate given as ukl-run gives it (ukl.tsc_khz=1000000: under -icount one instruction is one nanosecond). Without it (QEMU started by hand, no CPUID leaf on TCG) the kernel measures the rate against 2 ms of the PIT, 2 M instructions: $nkern in all. The application stack is mapped as it is touched and the .bss is the ELF loader's zeros (runtime/vm.c, head.S). $lhow."
done

# riscv64: the same sysbench for virt (OpenSBI); rdcycle counts
# instructions under -icount as rdtsc does.  The timer's rate is the device
# tree's: nothing is measured.
R=$OUT/boot/ukl-riscv64.log
timeout "$TIMEOUT" "${RV_QEMU[@]}" -kernel "$RV_SYSBENCH" >"$R" 2>&1 </dev/null
[ "$(bench_get "$R" tsc_main)" != "" ] || say "sysbench on riscv64 did not reach main; see $R"
rm=$(val "$R" tsc_main) re=$(val "$R" tsc_entry) rkern=-
[ "$rm" != - ] && [ "$re" != - ] && rkern=$((rm - re))
row boot "riscv64: reset → main, virt (guest instructions)" "$rm" - - insns \
    "rdcycle at sysbench's main under \`-icount shift=0,sleep=off\` (instructions since reset, OpenSBI included). \`${RV_QEMU[*]} -kernel $RV_SYSBENCH\`."
row boot "riscv64: kernel's first instruction → main, virt" "$rkern" - - insns \
    "ukld's kernel records rdcycle at its first instruction (_start_kernel, runtime/arch/riscv64/head.S; __ukl_boot_tsc): $re instructions of firmware (OpenSBI's fw_dynamic) come before it; this row is the rest, up to the application's main (musl's start code included). head.S clears the .bss but not its .noinit part (stacks, lwIP's pools: lds/riscv64.lds.in), the stack is mapped as it is touched."

# Wall time from QEMU's start to its exit, hello, no -icount.  The runs
# take turns (ukld, Linux, the floor), so a change in the host's load
# falls on all of them.
FLOOR=$OUT/floor
for m in pc microvm; do
	uw=() lw=() flw=() ubad= lbad= fbad=
	for ((i = 0; i < WALL_RUNS; i++)); do
		log=$OUT/boot/wall-ukl-$m-$i.log
		qemu_run "$log" $m -kernel "$H" -append "$UKL_TSC_APPEND"
		{ [ "$BENCH_STATUS" = 3 ] && grep -q 'Hello from' "$log"; } || ubad=$log
		uw+=("$BENCH_US")
		if [ -n "$VMLINUZ" ]; then
			log=$OUT/boot/wall-linux-$m-$i.log
			qemu_run "$log" $m -kernel "$VMLINUZ" \
				 -initrd "$OUT/linux/hello.cpio.gz" -append "$(linux_append $m)"
			grep -q 'Hello from' "$log" || lbad=$log
			lw+=("$BENCH_US")
		fi
		if [ $m = microvm ]; then
			log=$OUT/boot/wall-floor-$i.log
			qemu_run "$log" $m -kernel "$FLOOR"
			[ "$BENCH_STATUS" = 3 ] || fbad=$log
			flw+=("$BENCH_US")
		fi
	done
	tu=$(printf '%s\n' "${uw[@]}" | median) tl=-
	[ -n "$VMLINUZ" ] && tl=$(printf '%s\n' "${lw[@]}" | median)
	[ -n "$ubad" ] && tu=- && say "hello under ukld ($m) failed; see $ubad"
	[ -n "$lbad" ] && tl=- && say "hello under Linux ($m) failed; see $lbad"
	if [ -n "$VMLINUZ" ]; then
		lhow="Linux: \`$(qemu_cmd $m "$(linux_args hello $m)")\`, /init is hello built with \`musl-gcc -static -O2\`; when it exits the kernel panics (\"Attempted to kill init\"), panic=-1 resets and -no-reboot ends QEMU"
	else
		lhow="Linux not measured: $LINUX_WHY"
	fi
	[ $m = microvm ] && lhow="$lhow (tsc_early_khz: the host's TSC rate, which the guest's TSC runs at on TCG, measured by build/bin/ukl-tsc-khz; without it Linux hangs in about half the boots on microvm under TCG, which has no HPET to calibrate against)"
	row boot "QEMU start → exit, hello, $m (wall)" "$(ms "$tu")" "Linux 6.1 booting hello as /init" "$(ms "$tl")" ms \
	    "Median wall time of $WALL_RUNS runs (TCG, no -icount), QEMU started to QEMU exited. ukld: \`$(qemu_cmd $m -kernel "$H" -append "$UKL_TSC_APPEND")\` (the host's TSC rate, as ukl-run gives it), ends with isa-debug-exit. $lhow."
	if [ $m = microvm ]; then
		tf=$(printf '%s\n' "${flw[@]}" | median)
		[ -n "$fbad" ] && tf=- && say "the floor image failed; see $fbad"
		row boot "QEMU start → exit, hello vs QEMU's floor, microvm (wall)" "$(ms "$tu")" "QEMU's floor: an image that only exits" "$(ms "$tf")" ms \
		    "Median wall time of $WALL_RUNS runs each, taking turns, TCG (target: within 1.2× of the floor). ukld's hello as in the row above; the floor: \`$(qemu_cmd $m -kernel "$FLOOR")\`, bench/floor.S, a PVH ELF whose entry writes the isa-debug-exit port at once (QEMU's status 3, as hello's): QEMU's own start-up, qboot, the ELF load and the exit, which no kernel can take below. Runs: hello $(printf '%s ' "${uw[@]}")µs; floor $(printf '%s ' "${flw[@]}")µs."
	fi
done
fi # boot

# ---- standard streams ----------------------------------------------------
# bench/guest/streambench.c moves STREAM_MB MiB through stdout, then through
# stdin, and reports KB/s by the guest's own clock: the ukld image through
# ukl-run with virtio-console (its default) and with the UART, and the same
# source as /prog of the Linux baseline, whose /init (bench/guest/
# linux-init.c) gives it the same three virtio-serial ports ukl-run gives a
# ukld image.  Output goes to /dev/null on the host, input is a file of
# 'a's (no byte the console protocol escapes).
if want streams; then
STREAM_MB=${BENCH_STREAM_MB:-10}
SERIAL_MB=${BENCH_SERIAL_MB:-1}
SB=$OUT/ukl/streambench
mkdir -p "$OUT/streams"
head -c $((STREAM_MB << 20)) /dev/zero | tr '\0' a >"$OUT/streams/in"
stream_ukl() {   # CONSOLE MODE MB: the KB/s, "-" on failure
	local log=$OUT/streams/ukl-$1-$2.log out=/dev/null
	# On the UART the report comes on stdout, after the data.
	[ $1 = serial ] && out=$OUT/streams/ukl-serial.out
	UKL_CONSOLE=$1 UKL_TIMEOUT=300 "$BIN/ukl-run" "$SB" "$2" $(($3 << 20)) \
		<"$OUT/streams/in" >"$out" 2>"$log"
	[ $1 = serial ] && tail -c 4096 "$out" | tr -d 'x' >>"$log"
	val "$log" "$2_kbps"
}
stream_linux() {   # MODE MB
	local log=$OUT/streams/linux-$1.err d=$OUT/streams
	rm -f "$d/lin.in" "$d/lin.out"
	mkfifo "$d/lin.in"; : >"$d/lin.out"
	cat "$d/in" >"$d/lin.in" &
	local feeder=$!
	qemu_run "$d/linux-$1.console" pc -kernel "$VMLINUZ" -initrd "$OUT/linux/streambench-net.cpio.gz" \
		-append "$LINUX_APPEND -- $1 $(($2 << 20))" \
		-device virtio-serial-pci,max_ports=4 -chardev "pipe,id=i,path=$d/lin" \
		-device virtserialport,chardev=i,nr=1 -chardev file,id=o,path=/dev/null \
		-device virtserialport,chardev=o,nr=2 -chardev "file,id=e,path=$log" \
		-device virtserialport,chardev=e,nr=3
	kill $feeder 2>/dev/null; wait $feeder 2>/dev/null
	val "$log" "$1_kbps"
}
for mode in out in; do
	uv=$(stream_ukl virtio $mode "$STREAM_MB") us=$(stream_ukl serial $mode "$SERIAL_MB") lv=- lhow="Linux not measured: $LINUX_WHY"
	if [ -n "$VMLINUZ" ]; then
		lv=$(stream_linux $mode "$STREAM_MB")
		lhow="Linux: the same source as /prog under the stock kernel with its virtio_console module, /init wiring /dev/vport0p1-3 to descriptors 0-2: \`$(qemu_cmd pc -kernel "$VMLINUZ" -initrd "$OUT/linux/streambench-net.cpio.gz" -append "\"$LINUX_APPEND -- $mode N\"" -device virtio-serial-pci ...)\`"
	fi
	what=stdout; [ $mode = in ] && what=stdin
	row streams "$what, virtio-console ($STREAM_MB MiB)" "$uv" "Linux 6.1, virtio-console" "$lv" KB/s \
	    "KB/s by the guest's clock, bench/guest/streambench.c \`$mode $((STREAM_MB << 20))\`. ukld: \`build/bin/ukl-run $SB $mode N\` (virtio-serial, ports 1-3). $lhow."
	row streams "$what, ukld: virtio-console vs the UART ($SERIAL_MB MiB on the UART)" "$uv" "ukld on the 16550 UART" "$us" KB/s \
	    "The same image with UKL_CONSOLE=serial: the 16550, a byte per port access (x86_64 pc)."
done
fi # streams

# ---- network -----------------------------------------------------------
# The UKL sample's epoll echo server (tests/net/progs/echo_server.c) in the
# ukld image behind ukl-run's UKL_NET, and the same source as /prog of the
# Linux guest with its virtio-net (bench/guest/linux-init.c gives eth0 the
# address QEMU's DHCP would), both behind QEMU's user network with
# restrict=on and one forwarded port on 127.0.0.1; bench/netclient.py on
# the host: NET_RTT 1-byte round trips on one connection, then NET_MB MiB
# echoed.
if want net; then
NET_RTT=${BENCH_NET_RTT:-10000}
NET_MB=${BENCH_NET_MB:-20}
ECHO=$OUT/ukl/echo_server
mkdir -p "$OUT/net"
# net_run LOG CLIENT-LOG COMMAND...: the guest in the background, the client
# once it listens, then the guest's end (bounded).
net_run() {
	local log=$1 clog=$2 port=$3; shift 3
	"$@" >"$log" 2>&1 </dev/null &
	local g=$! i
	for ((i = 0; i < 600; i++)); do
		grep -q '^listening' "$log" 2>/dev/null && break
		kill -0 $g 2>/dev/null || break
		sleep 0.1
	done
	timeout 300 python3 bench/netclient.py "$port" --rtt "$NET_RTT" --bulk "$NET_MB" >"$clog" 2>&1
	for ((i = 0; i < 100; i++)); do kill -0 $g 2>/dev/null || break; sleep 0.1; done
	kill $g 2>/dev/null; wait $g 2>/dev/null
}
p=$(net_port)
net_run "$OUT/net/ukl.log" "$OUT/net/ukl.client" "$p" \
	env UKL_NET="$p:5555" UKL_TIMEOUT=300 "$BIN/ukl-run" "$ECHO"
lhow="Linux not measured: $LINUX_WHY"
if [ -n "$VMLINUZ" ]; then
	p=$(net_port)
	net_run "$OUT/net/linux.log" "$OUT/net/linux.client" "$p" \
		timeout 300 "$QEMU" -M pc "${QEMU_ARGS[@]}" -kernel "$VMLINUZ" \
		-initrd "$OUT/linux/echo_server-net.cpio.gz" -append "$LINUX_APPEND" \
		-netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$p-:5555" -device virtio-net-pci,netdev=n0
	lhow="Linux: the same source (musl-gcc -static) as /prog: \`$(qemu_cmd pc -kernel "$VMLINUZ" -initrd "$OUT/linux/echo_server-net.cpio.gz" -append "\"$LINUX_APPEND\"" -netdev user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:PORT-:5555 -device virtio-net-pci,netdev=n0)\`"
fi
NET_HOW="TCG, wall time on the host, bench/netclient.py against tests/net/progs/echo_server.c. ukld: \`UKL_NET=PORT:5555 build/bin/ukl-run $ECHO\` (virtio-net-pci, lwIP). $lhow."
row net "TCP echo: 1-byte round trip (mean of $NET_RTT)" "$(val "$OUT/net/ukl.client" rtt_us)" "Linux 6.1, virtio-net" "$(val "$OUT/net/linux.client" rtt_us)" us "$NET_HOW"
row net "TCP echo: bulk, $NET_MB MiB sent and echoed" "$(val "$OUT/net/ukl.client" bulk_kbps)" "Linux 6.1, virtio-net" "$(val "$OUT/net/linux.client" bulk_kbps)" KB/s "$NET_HOW"
fi # net

# ---- Redis ---------------------------------------------------------------
# Redis 7.0.15 (Debian's source package) as the ukld image make redis builds
# (examples/redis, ukl-cc) and as the same source built with musl-gcc
# -static (bench/bench.mk) run as /prog of the Linux guest with virtio-net;
# both read bench/redis.conf as /redis.conf (from ukl-run's initrd, from
# the initramfs) and sit behind QEMU's user network with restrict=on and one
# port forwarded on 127.0.0.1.  The host runs Debian's redis-benchmark
# against each: SET then GET of REDIS_N requests, 30 connections, 16
# commands pipelined.  The guests take turns, REDIS_RUNS rounds; the
# figures are the medians.  Each step is bounded: the server must be ready
# within REDIS_READY s and each redis-benchmark run end within
# REDIS_TIMEOUT s (else its row says so).
REDIS_N=${BENCH_REDIS_N:-100000}
REDIS_RUNS=${BENCH_REDIS_RUNS:-5}
REDIS_READY=120
REDIS_TIMEOUT=${BENCH_REDIS_TIMEOUT:-300}
REDIS_IMG=$BA/examples/redis/vmlinux
REDIS_LINUX=$OUT/linux/redis-server-net.cpio.gz
REDIS_N1=${BENCH_REDIS_N1:-20000}
REDIS_ARGS=(-t get,set -n "$REDIS_N" -c 30 -P 16 --csv)
# The same without pipelining: every request a packet each way, and a
# read and a write in the server, where the pipelined run shares them
# among 16.
REDIS_ARGS_P1=(-t get,set -n "$REDIS_N1" -c 30 -P 1 --csv)
# QEMU's user network listens on the forwarded port with a backlog of 1:
# both guests' QEMU run with bench/listen-backlog.c preloaded (see there).
REDIS_PRELOAD=$ROOT/$OUT/listen-backlog.so
# redis_run NAME PORT CLIENT COMMAND...: the guest (COMMAND) in the
# background; once Redis is ready, `CLIENT NAME PORT` (its exit status in
# $OUT/redis/NAME.status), then SHUTDOWN NOSAVE, and the guest's end
# (bounded).
redis_run() {
	local name=$1 port=$2 client=$3; shift 3
	local log=$OUT/redis/$name.log i up=
	"$@" >"$log" 2>&1 </dev/null &
	local g=$!
	for ((i = 0; i < REDIS_READY * 10; i++)); do
		grep -q 'Ready to accept connections' "$log" 2>/dev/null && { up=1; break; }
		kill -0 $g 2>/dev/null || break
		sleep 0.1
	done
	if [ -n "$up" ]; then
		REDIS_QEMU=$(pgrep -n -f "hostfwd=tcp:127.0.0.1:$port-")
		"$client" "$name" "$port"
		echo "$?" >"$OUT/redis/$name.status"
		timeout 10 redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1
	else
		echo "not ready" >"$OUT/redis/$name.status"
		say "Redis ($name) was not ready within $REDIS_READY s; see $log"
	fi
	for ((i = 0; i < 100; i++)); do kill -0 $g 2>/dev/null || break; sleep 0.1; done
	kill $g 2>/dev/null; wait $g 2>/dev/null
}
# vcpu_ticks PID: CPU time (utime + stime, clock ticks) of QEMU's thread
# "CPU 0/TCG".
vcpu_ticks() {
	local t
	[ -n "$1" ] || return
	for t in /proc/"$1"/task/*; do
		[ "$(cat "$t/comm" 2>/dev/null)" = "CPU 0/TCG" ] && awk '{ print $14 + $15 }' "$t/stat" && return
	done
}
# redis_bench NAME PORT: redis-benchmark, bounded, with REDIS_ARGS into
# $OUT/redis/NAME.csv (its `"SET","rps",...` lines), then without
# pipelining (REDIS_ARGS_P1) into NAME.p1.csv; each one's guest CPU time
# in NAME[.p1].vcpu_ms.
redis_bench() {
	redis_bench1 "$1" "$2" "${REDIS_ARGS[@]}" && redis_bench1 "$1.p1" "$2" "${REDIS_ARGS_P1[@]}"
}
# The guest's own CPU time while the client runs: QEMU's vCPU thread (TCG:
# the guest's code, translated, and its device accesses), named by -name
# ...,debug-threads=on, of the QEMU redis_run found ($REDIS_QEMU).
redis_bench1() {
	local name=$1 port=$2 c0 c1 rc; shift 2
	c0=$(vcpu_ticks "$REDIS_QEMU")
	timeout "$REDIS_TIMEOUT" redis-benchmark -h 127.0.0.1 -p "$port" "$@" \
		>"$OUT/redis/$name.csv" 2>"$OUT/redis/$name.err"
	rc=$?
	c1=$(vcpu_ticks "$REDIS_QEMU")
	[ -n "$c0" ] && [ -n "$c1" ] && echo $(( (c1 - c0) * 1000 / $(getconf CLK_TCK) )) >"$OUT/redis/$name.vcpu_ms"
	return $rc
}
# redis_ping NAME PORT: whether it answers PING.
redis_ping() { [ "$(timeout 10 redis-cli -h 127.0.0.1 -p "$2" ping 2>&1)" = PONG ]; }
# redis_ukl NAME IMAGE CLIENT: the ukld image through ukl-run.
redis_ukl() {
	local p
	p=$(net_port)
	redis_run "$1" "$p" "$3" env LD_PRELOAD="$REDIS_PRELOAD" UKL_QEMU_ARGS="-name ukld,debug-threads=on" UKL_NET="$p:6379" UKL_INITRD="$OUT/redis/initrd.cpio" \
		UKL_TIMEOUT=$((REDIS_READY + REDIS_TIMEOUT + 60)) "$BIN/ukl-run" "$2" /redis.conf
}
# redis_rps NAME TEST: requests/s of TEST (SET, GET) in NAME's csv, or "".
redis_rps() { [ -f "$OUT/redis/$1.csv" ] && tr -d '\r' <"$OUT/redis/$1.csv" | awk -F, -v t="\"$2\"" '$1 == t { gsub(/"/, "", $2); print $2 }'; }
redis_initrd() {
	mkdir -p "$OUT/redis/root"
	cp bench/redis.conf "$OUT/redis/root/redis.conf"
	(cd "$OUT/redis/root" && find . | sort | cpio -o -H newc -R 0:0 --quiet) >"$OUT/redis/initrd.cpio"
}
if want redis; then
redis_initrd
for ((r = 0; r < REDIS_RUNS; r++)); do
	say "redis: round $((r + 1)) of $REDIS_RUNS"
	rm -f "$OUT/redis/"*-$r.*
	redis_ukl "ukl-$r" "$REDIS_IMG" redis_bench
	[ -n "$VMLINUZ" ] || continue
	p=$(net_port)
	redis_run "linux-$r" "$p" redis_bench env LD_PRELOAD="$REDIS_PRELOAD" \
		timeout $((REDIS_READY + REDIS_TIMEOUT + 60)) "$QEMU" -M pc "${QEMU_ARGS[@]}" -name linux,debug-threads=on \
		-kernel "$VMLINUZ" -initrd "$REDIS_LINUX" -append "$LINUX_APPEND -- /redis.conf" \
		-netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$p-:6379" -device virtio-net-pci,netdev=n0
done
# redis_median KIND TEST [SUFFIX]: the median over the rounds, "-" unless
# every round gave a figure (a missing one is said in the row).
redis_median() {
	local v=() x
	for ((r = 0; r < REDIS_RUNS; r++)); do
		x=$(redis_rps "$1-$r${3:-}" "$2")
		[ -n "$x" ] && v+=("$x")
	done
	[ ${#v[@]} = "$REDIS_RUNS" ] && printf '%s\n' "${v[@]}" | median || echo -
}
# redis_all KIND TEST [SUFFIX]: every round's figure and its longest
# request, for the row's text.
redis_all() {
	local r x out= max
	for ((r = 0; r < REDIS_RUNS; r++)); do
		x=$(redis_rps "$1-$r${3:-}" "$2")
		max=$(tr -d '\r' <"$OUT/redis/$1-$r${3:-}.csv" 2>/dev/null |
		      awk -F, -v t="\"$2\"" '$1 == t { gsub(/"/, "", $8); print $8 }')
		[ -n "$x" ] && x="$x (longest $max ms)"
		out="$out${out:+, }${x:-none (status $(cat "$OUT/redis/$1-$r.status" 2>/dev/null))}"
	done
	echo "$out"
}
lhow="Linux not measured: $LINUX_WHY"
if [ -n "$VMLINUZ" ]; then
	lhow="Linux: the same source built with \`musl-gcc -static\` (MALLOC=libc USE_SYSTEMD=no BUILD_TLS=no, bench/bench.mk; $(size_of "$OUT/linux/redis-server") B) as /prog: \`$(qemu_cmd pc -kernel "$VMLINUZ" -initrd "$REDIS_LINUX" -append "\"$LINUX_APPEND -- /redis.conf\"" -netdev user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:PORT-:6379 -device virtio-net-pci,netdev=n0)\`"
fi
# vcpu_median KIND [SUFFIX]: the median of the rounds' vCPU milliseconds, "-" unless
# every round has one; vcpu_all KIND [SUFFIX]: each round's.
vcpu_median() {
	local v=() x
	for ((r = 0; r < REDIS_RUNS; r++)); do
		x=$(cat "$OUT/redis/$1-$r${2:-}.vcpu_ms" 2>/dev/null)
		[ -n "$x" ] && v+=("$x")
	done
	[ ${#v[@]} = "$REDIS_RUNS" ] && printf '%s\n' "${v[@]}" | median || echo -
}
vcpu_all() {
	local r out=
	for ((r = 0; r < REDIS_RUNS; r++)); do
		out="$out${out:+, }$(cat "$OUT/redis/$1-$r${2:-}.vcpu_ms" 2>/dev/null || echo none)"
	done
	echo "$out"
}
# The rows: the pipelined run the issue asks for, then the same without
# pipelining.
for sfx in "" .p1; do
	if [ -z "$sfx" ]; then
		args=("${REDIS_ARGS[@]}") n=$REDIS_N pl= run=
		note=
	else
		args=("${REDIS_ARGS_P1[@]}") n=$REDIS_N1 pl=" (no pipelining)" run=" without pipelining"
		note="; run in the same boot, after the pipelined one: one request per packet each way and per read and write in the server, the costs pipelining shares among 16"
	fi
	for t in SET GET; do
		row redis "Redis $t, redis-benchmark -n $n -c 30 -P ${args[7]}$pl" "$(redis_median ukl $t $sfx)" \
		    "Linux 6.1, virtio-net" "$(redis_median linux $t $sfx)" req/s \
		    "Requests per second (higher is better; the ratio is ukld / Linux, the goal 2× or more), median of $REDIS_RUNS rounds taking turns (ukld: $(redis_all ukl $t $sfx); Linux: $(redis_all linux $t $sfx)), TCG, both guests one CPU and 256 MiB. QEMU's user network (libslirp) listens on a forwarded port with a backlog of 1: of the 30 connections redis-benchmark opens at once the host's kernel dropped handshakes, sent again 1, 3, 7, 15, 31 s later, and most tests then measured that wait (about 3,000 req/s for both guests); so both guests' QEMU run with \`LD_PRELOAD=$OUT/listen-backlog.so\` (bench/listen-backlog.c: listen() with a backlog of at least 128, nothing else changed). \`redis-benchmark -h 127.0.0.1 -p PORT ${args[*]}\` (Debian's redis-tools on the host; SET runs first, so GET finds its key; the guests' own CPU time for it is the row after these two$note), each run bounded by $REDIS_TIMEOUT s. Redis 7.0.15 from Debian's source package with bench/redis.conf (no persistence, protected mode off). ukld: \`UKL_NET=PORT:6379 UKL_INITRD=redis.cpio build/bin/ukl-run $REDIS_IMG /redis.conf\` (make redis: Redis's own Makefile with ukl-cc; virtio-net-pci, lwIP). $lhow."
	done
	row redis "guest CPU time of one redis-benchmark run$run (SET and GET, $((2 * n)) requests)" \
	    "$(vcpu_median ukl $sfx)" "Linux 6.1, virtio-net" "$(vcpu_median linux $sfx)" ms \
	    "CPU time of QEMU's vCPU thread (\`CPU 0/TCG\`, -name ...,debug-threads=on; utime + stime from /proc) from just before to just after the redis-benchmark run of the rows above, median of the same $REDIS_RUNS rounds (ukld: $(vcpu_all ukl $sfx) ms; Linux: $(vcpu_all linux $sfx) ms): what the guest itself costs, Redis and its kernel, translated by TCG, while QEMU's main thread (the user network, slirp) and redis-benchmark share the host's other cycles. A halted guest costs nothing here."
done
fi # redis

# ---- nginx ---------------------------------------------------------------
# nginx 1.22.1 (Debian's source package) as the ukld image make nginx builds
# (examples/nginx, its own configure && make with ukl-cc) and as the same
# source configured the same way and built with musl-gcc -static
# (bench/bench.mk) run as /prog of the Linux guest with virtio-net.  Both
# get the same files: bench/nginx.conf as /etc/nginx/nginx.conf (one
# process, no access log), /etc/passwd and /etc/group (nginx run as root
# looks its default user up), and a document root holding a 612-byte
# index.html (the ukld image's initrd, the Linux guest's initramfs); both
# sit behind QEMU's user network (restrict=on, port 80 forwarded on
# 127.0.0.1) with bench/listen-backlog.c preloaded into QEMU, as Redis's.
# The host runs Debian's wrk against each: WRK_ARGS on /index.html.  The
# guests take turns, NGINX_RUNS rounds; the figures are the medians.  Each
# step is bounded: the server must answer within NGINX_READY s, and wrk
# ends within its duration plus 60 s.
NGINX_RUNS=${BENCH_NGINX_RUNS:-5}
NGINX_DURATION=${BENCH_NGINX_DURATION:-10}
NGINX_READY=120
NGINX_IMG=$BA/examples/nginx/vmlinux
NGINX_LINUX=$OUT/linux/nginx-net.cpio.gz
NGINX_INDEX=612
WRK_ARGS=(-t1 -c30 "-d${NGINX_DURATION}s")
# nginx_files: the tree both guests serve, in $OUT/nginx/root, packed as
# the ukld image's initrd; and the Linux guest's initramfs with it.
nginx_files() {
	local root=$OUT/nginx/root
	rm -rf "$root"
	mkdir -p "$OUT/nginx"
	mkdir -p "$root/etc/nginx" "$root/usr/share/nginx/html"
	cp bench/nginx.conf "$root/etc/nginx/nginx.conf"
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' \
		>"$root/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
	# A page of exactly NGINX_INDEX bytes (the size of nginx's classic
	# welcome page, the file the issue measures).
	python3 - "$root/usr/share/nginx/html/index.html" "$NGINX_INDEX" <<'EOF'
import sys
path, size = sys.argv[1], int(sys.argv[2])
head = "<!DOCTYPE html>\n<html>\n<head>\n<title>ukld</title>\n</head>\n<body>\n"
tail = "</body>\n</html>\n"
body = "".join("<p>nginx, served by a unikernel linked by ukld, line %d</p>\n" % i for i in range(8))
pad = size - len(head) - len(body) - len(tail) - len("<!--  -->\n")
assert pad >= 0, pad
open(path, "w").write(head + body + "<!-- " + "." * pad + " -->\n" + tail)
EOF
	[ "$(size_of "$root/usr/share/nginx/html/index.html")" = "$NGINX_INDEX" ] || say "nginx: index.html is not $NGINX_INDEX bytes"
	(cd "$root" && find . | sort | cpio -o -H newc -R 0:0 --quiet) >"$OUT/nginx/initrd.cpio"
	[ -n "$VMLINUZ" ] && bash bench/mkinitramfs-net.sh "$OUT/linux" "$OUT/linux/init" "$OUT/linux/nginx" \
		"$NGINX_LINUX" "$root"
}
# nginx_run NAME PORT CLIENT COMMAND...: the guest (COMMAND) in the
# background; once nginx answers GET /index.html with the file, byte for
# byte, `CLIENT NAME PORT` (its exit status in $OUT/nginx/NAME.status),
# then the guest's QEMU is ended (nginx has no command to stop it) and
# waited for (bounded).
nginx_run() {
	local name=$1 port=$2 client=$3; shift 3
	local log=$OUT/nginx/$name.log i up= q code
	local index=$OUT/nginx/root/usr/share/nginx/html/index.html
	"$@" >"$log" 2>&1 </dev/null &
	local g=$!
	# Until the guest listens, QEMU's forward answers with a reset (curl's
	# code 000); an answer that is not the file ends the wait.
	for ((i = 0; i < NGINX_READY * 5; i++)); do
		code=$(curl -s -m 5 -o "$OUT/nginx/$name.index" -w '%{http_code}' "http://127.0.0.1:$port/index.html" 2>/dev/null)
		if [ "$code" = 200 ] && cmp -s "$OUT/nginx/$name.index" "$index"; then
			up=1
			break
		fi
		[ "${code:-000}" = 000 ] || { say "nginx ($name): GET /index.html: $code, not the file"; break; }
		kill -0 $g 2>/dev/null || break
		sleep 0.2
	done
	q=$(pgrep -n -f "hostfwd=tcp:127.0.0.1:$port-")
	if [ -n "$up" ]; then
		NGINX_QEMU=$q
		"$client" "$name" "$port"
		echo "$?" >"$OUT/nginx/$name.status"
	else
		echo "not ready" >"$OUT/nginx/$name.status"
		say "nginx ($name) did not serve index.html; see $log"
	fi
	[ -n "$q" ] && kill "$q" 2>/dev/null
	for ((i = 0; i < 100; i++)); do kill -0 $g 2>/dev/null || break; sleep 0.1; done
	kill $g 2>/dev/null; wait $g 2>/dev/null
}
# nginx_wrk NAME PORT: wrk, bounded, into $OUT/nginx/NAME.wrk, and the
# guest's CPU time meanwhile (QEMU's vCPU thread, as Redis's rows) in
# NAME.vcpu_ms.
nginx_wrk() {
	local name=$1 port=$2 c0 c1 rc
	c0=$(vcpu_ticks "$NGINX_QEMU")
	timeout $((NGINX_DURATION + 60)) wrk "${WRK_ARGS[@]}" "http://127.0.0.1:$port/index.html" \
		>"$OUT/nginx/$name.wrk" 2>&1
	rc=$?
	c1=$(vcpu_ticks "$NGINX_QEMU")
	[ -n "$c0" ] && [ -n "$c1" ] && echo $(( (c1 - c0) * 1000 / $(getconf CLK_TCK) )) >"$OUT/nginx/$name.vcpu_ms"
	return $rc
}
# nginx_ukl NAME IMAGE CLIENT: a ukld nginx image through ukl-run.
nginx_ukl() {
	local p
	p=$(net_port)
	nginx_run "$1" "$p" "$3" env LD_PRELOAD="$REDIS_PRELOAD" UKL_QEMU_ARGS="-name ukld,debug-threads=on" \
		UKL_NET="$p:80" UKL_INITRD="$OUT/nginx/initrd.cpio" \
		UKL_TIMEOUT=$((NGINX_READY + NGINX_DURATION + 120)) "$BIN/ukl-run" "$2"
}
# wrk_rps NAME: requests/s in NAME's wrk output, or ""; wrk_requests NAME:
# the requests it counts; wrk_errors NAME: its socket errors and non-2xx
# answers, if any.
wrk_rps() { awk '$1 == "Requests/sec:" { print $2 }' "$OUT/nginx/$1.wrk" 2>/dev/null; }
wrk_requests() { awk '$2 == "requests" && $3 == "in" { print $1 }' "$OUT/nginx/$1.wrk" 2>/dev/null; }
wrk_errors() {
	sed -n 's/^ *\(Socket errors: .*\)$/\1/p; s/^ *\(Non-2xx or 3xx responses: .*\)$/\1/p' "$OUT/nginx/$1.wrk" 2>/dev/null |
		paste -sd ';' - | sed 's/;/; /g'
}
# nginx_served NAME PORT: nginx_run calls it only once the guest served
# index.html byte-exact, which is all the size row asks of an image.
nginx_served() { return 0; }
if want nginx; then
nginx_files
for ((r = 0; r < NGINX_RUNS; r++)); do
	say "nginx: round $((r + 1)) of $NGINX_RUNS"
	rm -f "$OUT/nginx/"*-$r.*
	nginx_ukl "ukl-$r" "$NGINX_IMG" nginx_wrk
	[ -n "$VMLINUZ" ] || continue
	p=$(net_port)
	nginx_run "linux-$r" "$p" nginx_wrk env LD_PRELOAD="$REDIS_PRELOAD" \
		timeout $((NGINX_READY + NGINX_DURATION + 120)) "$QEMU" -M pc "${QEMU_ARGS[@]}" -name linux,debug-threads=on \
		-kernel "$VMLINUZ" -initrd "$NGINX_LINUX" -append "$LINUX_APPEND" \
		-netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$p-:80" -device virtio-net-pci,netdev=n0
done
# nginx_median KIND FIGURE: the median over the rounds of FIGURE (wrk_rps,
# or vcpu_us: the guest's CPU microseconds per request), "-" unless every
# round gave one.
vcpu_us() {
	local ms n
	ms=$(cat "$OUT/nginx/$1.vcpu_ms" 2>/dev/null) n=$(wrk_requests "$1")
	[ -n "$ms" ] && [ -n "$n" ] && [ "$n" -gt 0 ] && awk -v m="$ms" -v n="$n" 'BEGIN { printf "%.1f", m * 1000 / n }'
}
nginx_median() {
	local v=() x
	for ((r = 0; r < NGINX_RUNS; r++)); do
		x=$($2 "$1-$r")
		[ -n "$x" ] && v+=("$x")
	done
	[ ${#v[@]} = "$NGINX_RUNS" ] && printf '%s\n' "${v[@]}" | median || echo -
}
# nginx_all KIND: every round's requests/s, requests and errors, for the
# row's text.
nginx_all() {
	local r x out= e
	for ((r = 0; r < NGINX_RUNS; r++)); do
		x=$(wrk_rps "$1-$r")
		e=$(wrk_errors "$1-$r")
		[ -n "$x" ] && x="$x ($(wrk_requests "$1-$r") requests${e:+; $e})"
		out="$out${out:+, }${x:-none (status $(cat "$OUT/nginx/$1-$r.status" 2>/dev/null))}"
	done
	echo "$out"
}
nginx_vcpu_all() {
	local r out=
	for ((r = 0; r < NGINX_RUNS; r++)); do
		out="$out${out:+, }$(cat "$OUT/nginx/$1-$r.vcpu_ms" 2>/dev/null || echo none) ms / $(wrk_requests "$1-$r")"
	done
	echo "$out"
}
lhow="Linux not measured: $LINUX_WHY"
if [ -n "$VMLINUZ" ]; then
	lhow="Linux: the same source configured as examples/nginx does (the same modules and paths) and built with \`musl-gcc -static\` (bench/bench.mk; $(size_of "$OUT/linux/nginx") B) as /prog, no arguments: \`$(qemu_cmd pc -kernel "$VMLINUZ" -initrd "$NGINX_LINUX" -append "\"$LINUX_APPEND\"" -netdev user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:PORT-:80 -device virtio-net-pci,netdev=n0)\`"
fi
NGINX_HOW="nginx 1.22.1 from Debian's source package; both guests read bench/nginx.conf (master_process off, daemon off, worker_connections 256, sendfile on, access_log off for the bench: a console line per request would measure the serial port) and serve the same $NGINX_INDEX-byte index.html (bench/run.sh writes the tree: $OUT/nginx/root), checked byte-exact with curl before wrk starts. TCG, both guests one CPU and 256 MiB, QEMU's user network with bench/listen-backlog.c preloaded (as the Redis rows). ukld: \`UKL_NET=PORT:80 UKL_INITRD=$OUT/nginx/initrd.cpio build/bin/ukl-run $NGINX_IMG\` (make nginx: nginx's own configure && make with ukl-cc; virtio-net-pci, lwIP). $lhow."
row nginx "nginx GET /index.html ($NGINX_INDEX B), wrk ${WRK_ARGS[*]}" "$(nginx_median ukl wrk_rps)" \
    "Linux 6.1, virtio-net" "$(nginx_median linux wrk_rps)" req/s \
    "Requests per second (higher is better; the ratio is ukld / Linux, the goal 2× or more), median of $NGINX_RUNS rounds taking turns (ukld: $(nginx_all ukl); Linux: $(nginx_all linux)). \`wrk ${WRK_ARGS[*]} http://127.0.0.1:PORT/index.html\` (Debian's wrk on the host; 30 kept-alive connections, one thread), bounded by $((NGINX_DURATION + 60)) s. $NGINX_HOW"
row nginx "guest CPU time per request of the wrk run" "$(nginx_median ukl vcpu_us)" \
    "Linux 6.1, virtio-net" "$(nginx_median linux vcpu_us)" us \
    "CPU time of QEMU's vCPU thread (\`CPU 0/TCG\`, -name ...,debug-threads=on; utime + stime from /proc) from just before to just after the wrk run of the row above, divided by the requests wrk counted, median of the same $NGINX_RUNS rounds (ukld: $(nginx_vcpu_all ukl); Linux: $(nginx_vcpu_all linux)): what one request costs the guest itself, nginx and its kernel, translated by TCG, while QEMU's main thread (the user network, slirp) and wrk share the host's other cycles."
fi # nginx

# ---- Linux as the kernel -----------------------------------------------
if want linux; then
	. bench/linux-kernel.sh
fi

# ---- size --------------------------------------------------------------
if want size; then
mkdir -p "$OUT/size"
# The sizes before issue 20's lean runtime (commit a538473: every image
# carried the whole kernel, lwIP and virtio-net among it, its unwind tables,
# a function table of every input function, built -O2), stripped and ELF,
# measured by this section then: the rows say how far each image came.
declare -A SIZE_BEFORE=([hello]="265160 1225320" [lua]="605424 2048288"
			[sqlite]="1590928 3213456" [bzip2]="362784 1656656")
# size_parts FILE: the sections that fill a stripped image's file.
size_parts() {
	size -A "$1" | awk '$1 ~ /^\.(text|rodata|eh_frame|data|ukl\.ksyms)$/ {
		printf "%s%s %d B", (n++ ? ", " : ""), $1, $2 }'
}
# before NAME: the row text's sentence on the image's size before.
before() {
	local b=${SIZE_BEFORE[$1]:-}
	[ -n "$b" ] || return 0
	set -- $b
	echo " Before issue 20 (commit a538473): $1 B stripped, $2 B ELF."
}
H_STRIP=$OUT/size/hello.stripped
strip -o "$H_STRIP" "$H"
qemu_run "$OUT/size/hello.stripped.log" pc -kernel "$H_STRIP"
strip_boots="boots and runs hello"
{ [ "$BENCH_STATUS" = 3 ] && grep -q 'Hello from' "$OUT/size/hello.stripped.log"; } || strip_boots="does NOT boot"
lsize=- lhow="Linux not measured: $LINUX_WHY"
if [ -n "$VMLINUZ" ]; then
	lsize=$(( $(size_of "$VMLINUZ") + $(size_of "$OUT/linux/hello.cpio.gz") ))
	lhow="Baseline: what Linux boots for the same program, the Debian $(basename "$VMLINUZ") ($(size_of "$VMLINUZ") B) plus the gzip'd initramfs holding hello ($(size_of "$OUT/linux/hello.cpio.gz") B); the static musl-gcc hello alone is $(size_of "$OUT/linux/hello") B"
fi
hello_target="Issue 20's target, 48 KB (49,152 B): met."
[ "$(size_of "$H_STRIP")" -le 49152 ] ||
	hello_target="Issue 20's target, 48 KB (49,152 B): missed by $(( $(size_of "$H_STRIP") - 49152 )) B."
row size "hello image (ELF)" "$(size_of "$H")" "Linux: vmlinuz + initramfs" "$lsize" bytes \
    "The file ukld writes, $H (with symbols and DWARF). $lhow.$(before hello)"
row size "hello image (stripped)" "$(size_of "$H_STRIP")" "Linux: vmlinuz + initramfs" "$lsize" bytes \
    "\`strip -o $H_STRIP $H\`; the stripped image $strip_boots; its file holds $(size_parts "$H_STRIP") (the kernel's code the program can reach: ukld links with --gc-sections, the system call table generated from the calls the program makes). $lhow.$(before hello) $hello_target"
# Every other example (the real programs, when present): their images.
for img in "$BA"/examples/*/vmlinux; do
	name=$(basename "$(dirname "$img")")
	[ "$name" = hello ] || [ ! -d "examples/$name" ] && continue
	strip -o "$OUT/size/$name.stripped" "$img"
	row size "$name image (ELF)" "$(size_of "$img")" - - bytes "The file ukld writes, $img.$(before "$name")"
	if [ "$name" = redis ]; then
		# The one image with a published unikernel figure beside it; the
		# stripped image must still serve.
		redis_initrd
		redis_ukl stripped "$OUT/size/$name.stripped" redis_ping
		serves="it boots and answers PING"
		[ "$(cat "$OUT/redis/stripped.status")" = 0 ] || serves="it does NOT serve (see $OUT/redis/stripped.log)"
		# Where its bytes are: the sections that fill the file.
		parts=$(size -A "$OUT/size/$name.stripped" | awk '$1 ~ /^\.(text|rodata|eh_frame|data|ukl\.ksyms)$/ {
			printf "%s%s %d KB", (n++ ? ", " : ""), $1, $2 / 1024 }')
		row size "$name image (stripped)" "$(size_of "$OUT/size/$name.stripped")" \
		    "Unikraft's redis image (published)" 1114936 bytes \
		    "\`strip -o $OUT/size/$name.stripped $img\` ($serves): Redis 7.0.15 (Debian's source, MALLOC=libc, make redis) with ukld's kernel, lwIP and virtio drivers; its file holds $parts (.ukl.ksyms: the table of every function of the image, sorted by address, that ukld fills to name functions in the kernel's fault reports). Baseline: Unikraft's published size of its Redis unikernel (the EuroSys '21 paper's image-size experiment, unikraft/eurosys21-artifacts; the figure issue 15 quotes), not measured here; the Linux guest's redis-server alone (musl-gcc -static, not stripped) is $(size_of "$OUT/linux/redis-server" 2>/dev/null || echo '(not built)') B, without its kernel."
		continue
	fi
	if [ "$name" = nginx ]; then
		# Beside Unikraft's published figure too; the stripped image must
		# still serve the bench's index.html.
		nginx_files
		nginx_ukl stripped "$OUT/size/$name.stripped" nginx_served
		serves="it boots and serves the nginx rows' index.html byte-exact"
		[ "$(cat "$OUT/nginx/stripped.status")" = 0 ] || serves="it does NOT serve (see $OUT/nginx/stripped.log)"
		parts=$(size -A "$OUT/size/$name.stripped" | awk '$1 ~ /^\.(text|rodata|eh_frame|data|ukl\.ksyms)$/ {
			printf "%s%s %d KB", (n++ ? ", " : ""), $1, $2 / 1024 }')
		row size "$name image (stripped)" "$(size_of "$OUT/size/$name.stripped")" \
		    "Unikraft's nginx image (published)" 852792 bytes \
		    "\`strip -o $OUT/size/$name.stripped $img\` ($serves): nginx 1.22.1 (Debian's source, its default modules less rewrite, gzip and SSL, make nginx) with ukld's kernel, lwIP and virtio drivers; its file holds $parts (.ukl.ksyms: the table of every function of the image, that ukld fills to name functions in the kernel's fault reports). Baseline: Unikraft's published size of its nginx unikernel (the EuroSys '21 paper's image-size experiment, unikraft/eurosys21-artifacts; the figure issue 15 quotes), not measured here; the Linux guest's nginx alone (musl-gcc -static, not stripped) is $(size_of "$OUT/linux/nginx" 2>/dev/null || echo '(not built)') B, without its kernel."
		continue
	fi
	b=${SIZE_BEFORE[$name]:-}
	if [ -n "$b" ]; then
		row size "$name image (stripped)" "$(size_of "$OUT/size/$name.stripped")" \
		    "before issue 20 (a538473)" "${b%% *}" bytes \
		    "\`strip -o $OUT/size/$name.stripped $img\`; its file holds $(size_parts "$OUT/size/$name.stripped").$(before "$name")"
		continue
	fi
	row size "$name image (stripped)" "$(size_of "$OUT/size/$name.stripped")" - - bytes \
	    "\`strip -o $OUT/size/$name.stripped $img\`."
done
fi # size

# A run of some sections only keeps the last report's other rows.  Each
# report's meta says, one "measured" line per run, which run measured which
# sections: a full run starts the list, a partial one adds its line to the
# last report's.
keep=()
meta measured "$(date -u '+%Y-%m-%d %H:%M UTC') (commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)): ${BENCH_ROWS:+sections }${BENCH_ROWS:-every section}"
if [ -n "${BENCH_ROWS:-}" ]; then
	if [ -f "$RESULTS/rows.tsv" ]; then
		# A section named as its group (link, streams, net, redis, linux, size)
		# replaces that group whole: a row it no longer makes goes too.
		awk -F'\t' -v sel=" $SELECTED " 'index(sel, " " $1 " ") == 0' "$RESULTS/rows.tsv" >"$OUT/kept.tsv"
		keep=(--keep "$OUT/kept.tsv")
		sed -n 's/^measured\t//p' "$RESULTS/meta.tsv" 2>/dev/null | while IFS= read -r m; do meta measured "$m"; done
	else
		meta measured "(no earlier $RESULTS/rows.tsv: the other sections have no rows)"
	fi
fi
python3 bench/report.py "${keep[@]}" "$ROWS" "$META" "$RESULTS"
