#!/bin/bash
# Outputs that never clobber (issue 18, items 1, 2 and 4):
# - an -o (or --image, or ukld image -o) naming a device or a FIFO is
#   written into, as GNU ld does, never replaced by a regular file;
# - an output naming an input under another spelling (./x, $PWD/x, a
#   symbolic link) is refused by device and inode, the input untouched;
# - a link ended by SIGINT, SIGTERM, SIGHUP or SIGKILL leaves no temporary
#   file beside the output and no work directory in $TMPDIR, and no linker
#   running.
. tests/common.sh
cat >"$WORK/main.c" <<'C'
int main(void) { return 0; }
C
build_app "$WORK/app.a" "$WORK/main.c" || { fail "build"; exit 1; }
cp "$KERNEL" "$WORK/k.o"
cd "$WORK" || exit 1
flat=()
[ "$ARCH" = riscv64 ] && flat=(--image "$WORK/ref.Image")

for ld in bfd lld; do
	"$UKLD" --linker=$ld --name img app.a k.o -o ref "${flat[@]}" 2>err ||
		{ fail "$ld: reference link"; cat err; continue; }
	# 1. A character device: /dev/null stays the device.
	"$UKLD" --linker=$ld --name img app.a k.o -o /dev/null 2>err
	check "$ld: -o /dev/null links" test $? = 0
	check "$ld: /dev/null is still a character device" test -c /dev/null
	check "$ld: -o /dev/null leaves no temporary in /dev" \
		test -z "$(ls -A /dev | grep ukld)"
	# A FIFO: its reader gets the image, byte for byte.
	rm -f fifo got; mkfifo fifo
	cat fifo >got &
	reader=$!
	"$UKLD" --linker=$ld --name img app.a k.o -o fifo 2>err
	rc=$?
	wait $reader
	check "$ld: -o FIFO links" test $rc = 0
	check "$ld: -o FIFO is still a FIFO" test -p fifo
	check "$ld: the FIFO's reader got the image" cmp -s got ref
	if [ "$ARCH" = riscv64 ]; then
		"$UKLD" --linker=$ld --name img app.a k.o -o img2 --image /dev/null 2>err
		check "$ld: --image /dev/null links" test $? = 0 -a -c /dev/null
		rm -f img2
	fi

	# 2. Inputs under other spellings.
	cp k.o k.keep; cp app.a app.keep; ln -sf k.o k-link.o
	for spell in ./k.o "$PWD/k.o" "$PWD/./k.o" k-link.o ../"$(basename "$PWD")"/k.o; do
		"$UKLD" --linker=$ld app.a k.o -o "$spell" 2>err
		rc=$?
		check "$ld: -o $spell (the kernel) refused" test $rc = 1
		check "$ld: -o $spell names the clash" grep -q "is also an input" err
	done
	"$UKLD" --linker=$ld app.a "$PWD/k.o" -o ./app.a 2>err
	check "$ld: -o ./app.a (the application) refused" test $? = 1
	"$UKLD" --linker=$ld app.a --kernel k.o -o ./k.o 2>err
	check "$ld: -o ./k.o (the --kernel) refused" test $? = 1
	check "$ld: the kernel is untouched" cmp -s k.o k.keep
	check "$ld: the application is untouched" cmp -s app.a app.keep
	if [ "$ARCH" = riscv64 ]; then
		"$UKLD" --linker=$ld app.a k.o -o x --image ./k.o 2>err
		check "$ld: --image ./k.o refused" test $? = 1
		"$UKLD" --linker=$ld app.a k.o -o x --image ./x 2>err
		check "$ld: --image ./x (also -o) refused" test $? = 1
		"$UKLD" image -o ./ref ref 2>err
		check "$ld: ukld image -o ./ref ref refused" test $? = 1
		"$UKLD" image -o /dev/null ref 2>err
		check "$ld: ukld image -o /dev/null" test $? = 0 -a -c /dev/null
		check "$ld: the kernel is untouched" cmp -s k.o k.keep
	fi
	rm -f x
done

# 4. Interrupted links.  The "linker" waits until it is stopped, so the
# signal comes while ukld has its work directory and children.  A
# background job of a script ignores SIGINT: perl resets it.
cat >slowld <<'SH'
#!/bin/sh
echo $$ >"$STARTED.tmp" && mv "$STARTED.tmp" "$STARTED"
exec sleep 60
SH
chmod +x slowld
mkdir -p tmp out
for sig in INT TERM HUP KILL; do
	rm -rf tmp/* out/* started
	STARTED=$PWD/started TMPDIR=$PWD/tmp perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' \
		"$UKLD" app.a k.o --ld-path "$PWD/slowld" -o out/img "${flat[@]/ref.Image/out/Image}" 2>err &
	pid=$!
	for _ in $(seq 200); do [ -e started ] && break; sleep 0.05; done
	check "SIG$sig: the link reached the linker" test -e started
	kill -$sig $pid
	wait $pid
	rc=$?
	check "SIG$sig: ukld ended by the signal" test $rc -gt 128
	# SIGKILL: the watchdog removes the rest once ukld is gone; the
	# other signals: nothing is left when ukld has ended.
	if [ $sig = KILL ]; then
		for _ in $(seq 200); do [ -z "$(ls -A tmp)" ] && break; sleep 0.05; done
	fi
	check "SIG$sig: no work directory left" test -z "$(ls -A tmp)"
	check "SIG$sig: nothing beside the output" test -z "$(ls -A out)"
	ldpid=$(cat started 2>/dev/null)
	for _ in $(seq 200); do kill -0 "$ldpid" 2>/dev/null || break; sleep 0.05; done
	check "SIG$sig: no linker left running" bash -c "[ -n '$ldpid' ] && ! kill -0 '$ldpid' 2>/dev/null"
done
