# SPDX-License-Identifier: MIT
# bench/linux-kernel.sh: the rows of Linux as the kernel (make linux,
# build/linux/vmlinux.o), sourced by bench/run.sh after its own rows (it
# uses row, val, qemu_run, qemu_cmd, say and the paths set there).
#
#   syscall  getppid() in bench/guest/sysbench.c linked by ukld into Linux's
#            vmlinux.o (musl's direct call of __ukl_syscall, in ring 0)
#            against the same source built with musl-gcc -static as /init
#            of the same kernel build (build/linux/obj/vmlinux: the patched
#            kernel with no application, which runs an initrd's /init as a
#            user process): UKL's paper's comparison, in guest instructions.
#   boot     the TSC at main (instructions since reset) of both.
#   link     a new application into Linux: ukld's relink against what UKL's
#            build does when its application archive changes, Linux's own
#            `make vmlinux` redoing the kernel's final link steps (built-in
#            archives, vmlinux.o, modpost, the kallsyms link passes), in the
#            build tree with one object newer than its archive.
LK=$B/linux/vmlinux.o
LOBJ=$B/linux/obj
LDIR=$OUT/linux-kernel
if [ ! -f "$LK" ] || [ ! -f "$LOBJ/vmlinux" ]; then
	say "Linux as the kernel: not measured ($LK or $LOBJ/vmlinux missing: make linux)"
	return 0 2>/dev/null || exit 0
fi
rm -rf "$LDIR" && mkdir -p "$LDIR"
LIMG=$LDIR/sysbench
"$UKLD" --name sysbench "$OUT/ukl/sysbench.a" "$LK" -o "$LIMG" 2>"$LDIR/link.err" ||
	say "sysbench into Linux: the link failed; see $LDIR/link.err"
ulog=$LDIR/ukl-linux-pc.log llog=$LDIR/linux-init-pc.log
qemu_run "$ulog" pc -icount shift=0,sleep=off -kernel "$LIMG"
[ "$(bench_get "$ulog" done)" = 1 ] || say "sysbench linked into Linux did not finish; see $ulog"
qemu_run "$llog" pc -icount shift=0,sleep=off -kernel "$LOBJ/vmlinux" -initrd "$OUT/linux/sysbench.cpio.gz"
[ "$(bench_get "$llog" done)" = 1 ] || say "sysbench as /init of the same Linux did not finish; see $llog"
LHOW="Guest instructions (\`-icount shift=0,sleep=off\`), bench/guest/sysbench.c, median of 101 calls less the rdtsc pair. ukld into Linux: \`build/bin/ukld --name sysbench $OUT/ukl/sysbench.a $LK -o $LIMG\`, \`$(qemu_cmd pc -icount shift=0,sleep=off -kernel "$LIMG")\`. Baseline: the same kernel build with no application, the same source built with musl-gcc -static as its /init: \`$(qemu_cmd pc -icount shift=0,sleep=off -kernel "$LOBJ/vmlinux" -initrd "$OUT/linux/sysbench.cpio.gz")\`."
row linux "getppid(): direct call in ring 0 vs \`syscall\` from user mode" "$(val "$ulog" getppid_libc)" "the same Linux, /init in user mode" "$(val "$llog" getppid_libc)" insns \
    "UKL's comparison (its paper: 56.6 ns vs 342.6 ns, 6x). ukld's musl calls the patch's __ukl_syscall, which builds the pt_regs Linux's table expects (linux/ukl.patch); the baseline's musl executes \`syscall\` through entry_SYSCALL_64 with this config's mitigations (no PTI). $LHOW"
row linux "write(1, \"x\", 1) to the console" "$(val "$ulog" write1)" "the same Linux, /init in user mode" "$(val "$llog" write1)" insns \
    "One byte through Linux's tty layer to the 8250 in both; only the way in differs. $LHOW"
row linux "futex ping-pong round trip" "$(val "$ulog" pingpong)" "the same Linux, /init in user mode" "$(val "$llog" pingpong)" insns \
    "Two threads on Linux's scheduler and futexes, FUTEX_WAIT/FUTEX_WAKE through musl's syscall(). $LHOW"
row linux "reset → main" "$(val "$ulog" tsc_main)" "the same Linux, /init's main" "$(val "$llog" tsc_main)" insns \
    "The TSC at sysbench's main (instructions since reset, SeaBIOS and QEMU's PVH option ROM included). The ukld image starts the application from the kernel's own placeholder exec; the baseline unpacks the initrd and execs /init from it. $LHOW"

# The relink: ukld, median of LINK_RUNS wall times.
times=()
for ((i = 0; i < LINK_RUNS; i++)); do
	timed "$UKLD" --name sysbench "$OUT/ukl/sysbench.a" "$LK" -o "$LDIR/relink"
	[ "$BENCH_STATUS" = 0 ] && times+=("$BENCH_US")
done
relink=$(runs_median "${times[@]}")
# UKL's way: its application archive is an input of the kernel's vmlinux
# link, so a changed application makes Linux's build redo every step after
# the objects.  Measured in build/linux/obj itself (a copy would rebuild
# objtool, whose build records absolute paths, and then every object):
# init/main.o made newer than init/built-in.a, then `make vmlinux`, three
# times (median).  The tests' kernel object, build/linux/vmlinux.o, is a
# copy made when make linux builds, so it stays as it is.
ktimes=()
for ((i = 0; i < 3; i++)); do
	touch "$LOBJ/init/main.o"
	t0=$(now_us)
	timeout 900 make -C "$LOBJ" -j"$(nproc)" vmlinux >"$LDIR/make-vmlinux-$i.log" 2>&1 </dev/null &&
		ktimes+=($(( $(now_us) - t0 )))
done
krebuild=-
[ ${#ktimes[@]} = 3 ] && krebuild=$(printf '%s\n' "${ktimes[@]}" | median)
[ "$krebuild" = - ] && say "Linux's final link steps failed in $LOBJ; see $LDIR/make-vmlinux-*.log"
row linux "a new application into Linux: ukld relink" "$(ms "$relink")" "Linux's make vmlinux after a changed object (UKL's build)" "$(ms "$krebuild")" ms \
    "Wall time. ukld: \`build/bin/ukld --name sysbench $OUT/ukl/sysbench.a $LK -o ...\`, median of $LINK_RUNS, Linux's vmlinux.o read, never rebuilt. UKL's build links its application archive into the kernel's vmlinux, so a changed application redoes Linux's final steps: in build/linux/obj, \`touch init/main.o; make -j$(nproc) vmlinux\` (archives, vmlinux.o, modpost, the three kallsyms links, sorttable), median of 3. This is the least UKL's build does; its documented workflow rebuilds the tree after \`make clean\`, which takes minutes more."
