#!/bin/bash
# ukl-arches: x86_64
# Linux as the kernel (make linux: build/linux/vmlinux.o, linux/ukl.patch):
# the same application archives the runtime's tests link, relinked into
# Linux's vmlinux.o by ukld with GNU ld and ld.lld, boot through PVH, run in
# ring 0 as init and print exactly what they print on ukld's own runtime,
# their exit status arriving through ukl-run.  A threaded program runs its
# threads on Linux's scheduler and futexes; signal handlers and
# pthread_cancel work in ring 0, and busy threads are preempted.  A changed program relinks in
# under 2 seconds without touching the kernel object.
. tests/common.sh
LK=$B/linux/vmlinux.o
if [ ! -f "$LK" ] || [ ! -f "$B/linux/vmlinux.lds" ]; then
	echo "SKIP linux: $LK not built (make linux)"
	exit 0
fi
# Linux boots in about a second of TCG; leave room on a loaded machine.
UKL_TIMEOUT=60
export UKL_TIMEOUT

# link_linux NAME ARCHIVE LINKER [UKLD OPTIONS...]: the image $WORK/NAME.
link_linux() {
	local n=$1 a=$2 linker=$3; shift 3
	"$UKLD" --name "$n" --linker="$linker" "$@" "$a" "$LK" -o "$WORK/$n"
}
# same_as_runtime NAME RUNTIME-IMAGE LINUX-IMAGE [ARGS]: both boot with
# status 0 and print the same console output.
same_as_runtime() {
	local n=$1 rt=$2 img=$3 args=${4:-} rc
	boot "$rt" "$args"; rc=$?
	cp "$WORK/console" "$WORK/console-runtime"
	check "$n: the runtime's image exits 0" test $rc = 0
	boot "$img" "$args"; rc=$?
	check "$n: exit status 0 through ukl-run" test $rc = 0
	if diff -u "$WORK/console-runtime" "$WORK/console" >"$WORK/diff"; then
		pass "$n: output is the runtime's"
	else
		fail "$n: output is the runtime's"; sed 's/^/    | /' "$WORK/diff" | head -30
	fi
}

for linker in bfd lld; do
	for ex in hello tls ctors; do
		n=$ex-$linker
		a=$BA/examples/$ex/app.a
		if ! link_linux "$ex" "$a" "$linker" 2>"$WORK/err"; then
			fail "$n: link"; sed 's/^/    | /' "$WORK/err" | head -20; continue
		fi
		pass "$n: link (and ukld verify)"
		args=; [ $ex = hello ] && args="alpha beta=2"
		same_as_runtime "$n" "$BA/examples/$ex/vmlinux" "$WORK/$ex" "$args"
	done
done

# The exit status is the program's.
printf '#include <stdlib.h>\nint main(void) { exit(42); }\n' >"$WORK/st.c"
build_app "$WORK/st.a" "$WORK/st.c" && link_linux st "$WORK/st.a" bfd || fail "status: link"
boot "$WORK/st"; rc=$?
check "status: exit(42) arrives as 42" test $rc = 42

# Threads: clone, futex, per-thread FS base.
build_app "$WORK/thr.a" tests/linux/progs/threads.c || fail "threads: compile"
for linker in bfd lld; do
	link_linux thr "$WORK/thr.a" $linker || { fail "threads-$linker: link"; continue; }
	boot "$WORK/thr"; rc=$?
	check "threads-$linker: exit status 0" test $rc = 0
	check "threads-$linker: output" console_has "threads: total 10000, per-thread sums 10000, relay 4, main's own 0"
	[ $rc = 0 ] || show_console
done

# A shared futex in the application's data (the kernel image).
build_app "$WORK/fx.a" tests/linux/progs/futex.c && link_linux fx "$WORK/fx.a" bfd || fail "futex: build"
boot "$WORK/fx"; rc=$?
check "futex: exit status 0" test $rc = 0
check "futex: a wait on a changed value is EAGAIN" console_has "futex: wait on a changed value: -1 EAGAIN"
check "futex: a wake with no waiter wakes 0" console_has "futex: wake with no waiter: 0"
check "futex: 100 round trips between two threads" console_has "futex: 100 round trips"
[ $rc = 0 ] || show_console

# Signals in ring 0: handlers with their siginfo and ucontext, sigreturn
# back to ring 0, pthread_cancel wherever a thread waits and
# asynchronously (tests/threads/progs/cancel.c, also run on the runtime);
# SIGALRM into a busy loop, SA_RESTART restarting read() and a direct
# call (stdio's), a spinning thread preempted (tests/threads/progs/signals.c
# "direct").  Each prints what it prints on the host.
for prog in tests/threads/progs/cancel.c tests/threads/progs/signals.c; do
	n=$(basename "$prog" .c) args=
	[ $n = signals ] && args=direct
	gcc -O2 -pthread -o "$WORK/$n.host" "$prog" && timeout 60 "$WORK/$n.host" $args >"$WORK/$n.host.out" 2>&1 ||
		fail "$n: the program passes on the host"
	build_app "$WORK/$n.a" "$prog" || { fail "$n: compile"; continue; }
	for linker in bfd lld; do
		link_linux "$n" "$WORK/$n.a" $linker || { fail "$n-$linker: link"; continue; }
		boot "$WORK/$n" "$args"; rc=$?
		sed -n "s/^ok /PASS $n-$linker: /p; s/^BAD /FAIL $n-$linker: /p" "$WORK/console"
		check "$n-$linker: exit status 0" test $rc = 0
		check "$n-$linker: the same lines as on the host" \
			diff -u "$WORK/$n.host.out" <(tr -d '\r' <"$WORK/console" | grep -E "^(ok|BAD|$n:) ")
		[ $rc = 0 ] || show_console
	done
done

# A changed program relinks in under 2 s; the kernel object is untouched.
sum0=$(sha256sum <"$LK") mt0=$(stat -c %Y.%y "$LK")
printf '#include <stdio.h>\nint main(void) { puts("version %s"); return 0; }\n' 1 >"$WORK/v.c"
build_app "$WORK/v.a" "$WORK/v.c" && link_linux v "$WORK/v.a" bfd || fail "relink: first link"
printf '#include <stdio.h>\nint main(void) { puts("version %s"); return 0; }\n' 2 >"$WORK/v.c"
build_app "$WORK/v.a" "$WORK/v.c" || fail "relink: compile"
t0=$(date +%s%N)
link_linux v "$WORK/v.a" bfd || fail "relink: link"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "relink took ${ms} ms"
check "relink: under 2 s (${ms} ms)" test $ms -lt 2000
boot "$WORK/v"; rc=$?
check "relink: boots the changed program" test $rc = 0
check "relink: its output" console_has "version 2"
check "relink: the kernel object's bytes are unchanged" test "$(sha256sum <"$LK")" = "$sum0"
check "relink: the kernel object's mtime is unchanged" test "$(stat -c %Y.%y "$LK")" = "$mt0"

# ukld verify knows a Linux image: Linux's entry and PVH entry, W^X as
# Linux maps it, the names its script assigns.
link_linux hello "$BA/examples/hello/app.a" bfd || fail "verify: link"
"$UKLD" verify --kernel "$LK" "$WORK/hello" >"$WORK/verify" 2>&1; rc=$?
check "verify: every invariant holds on the Linux image" test $rc = 0
check "verify: the entry is Linux's" grep -q "^pass entry .*phys_startup_64" "$WORK/verify"
check "verify: the PVH note names pvh_start_xen" grep -q "^pass pvh-note .*pvh_start_xen" "$WORK/verify"
check "verify: the application's code is in [_text, _etext)" grep -q "^pass wx .*_etext" "$WORK/verify"

# Linux starts the application as a process, at its libc's _start.
printf 'int main(void) { return 0; }\n' >"$WORK/m.c"
build_app "$WORK/m.a" "$WORK/m.c" || fail "-nostdlib: compile"
"$UKLD" -nostdlib "$WORK/m.a" "$LK" -o "$WORK/bare" 2>"$WORK/err"; rc=$?
check "-nostdlib: refused" test $rc = 1
check "-nostdlib: says why" grep -q "link it with its libc" "$WORK/err"
check "-nostdlib: no output" test ! -e "$WORK/bare"

# The epoll TCP echo server on Linux's own stack and virtio-net, answering
# the host through a port QEMU's user network forwards on 127.0.0.1.
build_app "$WORK/echo.a" tests/linux/progs/echo.c && link_linux echo "$WORK/echo.a" bfd ||
	fail "echo: build"
port=$((20000 + RANDOM % 20000))
UKL_QEMU_ARGS="-netdev user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$port-:7 -device virtio-net-pci,netdev=n0" \
	"$UKLRUN" "$WORK/echo" >"$WORK/console" 2>&1 </dev/null &
guest=$!
for _ in $(seq 1 240); do console_has "echo: listening" && break; kill -0 $guest 2>/dev/null || break; sleep 0.25; done
check "echo: the server listens" console_has "echo: listening on port 7"
python3 - "$port" >"$WORK/client" 2>&1 <<'PY'
import socket, sys, time
port = int(sys.argv[1])
for _ in range(40):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        break
    except OSError:
        time.sleep(0.25)
else:
    sys.exit("cannot connect")
data = bytes(range(256)) * 64
s.sendall(data)
s.settimeout(10)
got = b""
while len(got) < len(data):
    c = s.recv(65536)
    if not c:
        break
    got += c
s.close()
print("echoed %d of %d bytes, %s" % (len(got), len(data), "equal" if got == data else "different"))
PY
check "echo: 16 KiB echoed through 127.0.0.1:$port" grep -q "echoed 16384 of 16384 bytes, equal" "$WORK/client"
wait $guest; rc=$?
check "echo: the server exits 0 after the connection" test $rc = 0
check "echo: says so" console_has "echo: served one connection"
[ $rc = 0 ] || { cat "$WORK/client"; show_console; }

# Lua (examples/lua, built by its own Makefile with ukl-cc) relinked into
# Linux from its objects: tests/real/lua/test.lua from the initrd prints
# what the host build prints.
L=$BA/lua-build/src hostlua=$B/host/lua/src/lua
if [ -f "$L/lua.o" ] && [ -f "$L/liblua.a" ] && [ -x "$hostlua" ]; then
	mkdir -p "$WORK/root" && cp -R tests/real/lua/. "$WORK/root/" && mkdir -p "$WORK/root/tmp"
	(cd "$WORK/root" && find . | sort | cpio -o -H newc --quiet) >"$WORK/initrd.cpio"
	(cd "$WORK/root" && TZ=UTC "$OLDPWD/$hostlua" test.lua) >"$WORK/lua-host.out" 2>&1 </dev/null
	for linker in bfd lld; do
		"$UKLD" --name lua --linker=$linker "$L/lua.o" "$L/liblua.a" "$LK" -o "$WORK/lua" ||
			{ fail "lua-$linker: link"; continue; }
		UKL_INITRD=$WORK/initrd.cpio boot "$WORK/lua" "test.lua"; rc=$?
		check "lua-$linker: exit status 0" test $rc = 0
		check "lua-$linker: output is the host's" diff -u "$WORK/lua-host.out" "$WORK/console"
	done
else
	echo "SKIP lua: not built (make lua)"
fi

# SQLite (examples/sqlite, configured and built by its own build system
# with ukl-cc): the link its Makefile ran (from its build log), run again
# with Linux's vmlinux.o as ukl-cc's kernel (UKL_KERNEL), into $WORK only,
# with each linker (UKL_LINKER).
# tests/real/sqlite/test.sql from the initrd writes a database in /tmp and
# prints what the host build prints.  A command after the database name
# (.quit) makes the shell end after the init file instead of reading its
# standard input, which on Linux is the console's tty and never ends.
S=$BA/sqlite-build hostsql=$B/host/sqlite/sqlite3
link=$(sed -n 's/^libtool: link: \(.* -o sqlite3 shell\.c .*\)$/\1/p' "$S/build.log" 2>/dev/null | tail -1)
if [ -n "$link" ] && [ -f "$S/.libs/libsqlite3.a" ] && [ -x "$hostsql" ]; then
	rm -rf "$WORK/root" && mkdir -p "$WORK/root/tmp" && cp tests/real/sqlite/test.sql "$WORK/root/"
	(cd "$WORK/root" && find . | sort | cpio -o -H newc --quiet) >"$WORK/initrd.cpio"
	(cd "$WORK/root" && "$OLDPWD/$hostsql" -init test.sql tmp/test.db .quit) >"$WORK/sql-host.out" 2>&1 </dev/null
	check "sqlite: the host's run writes the database" test -s "$WORK/root/tmp/test.db"
	# The logged command with its output in $WORK (the words of a libtool
	# line carry no quoting: none has a space).
	read -ra words <<<"${link/ -o sqlite3 / -o $WORK/sqlite }"
	for linker in bfd lld; do
		n=sqlite-$linker
		if (cd "$S" && UKL_KERNEL=$(realpath "$LK") UKL_LINKER=$linker "${words[@]}") >"$WORK/err" 2>&1; then
			pass "$n: SQLite's own link line, with Linux as the kernel"
			UKL_INITRD=$WORK/initrd.cpio boot "$WORK/sqlite" "-init test.sql tmp/test.db .quit"; rc=$?
			check "$n: exit status 0" test $rc = 0
			check "$n: output is the host's" diff -u "$WORK/sql-host.out" "$WORK/console"
			check "$n: 10,000 rows inserted" grep -q '^10000|' "$WORK/console"
			[ $rc = 0 ] || show_console
		else
			fail "$n: SQLite's own link line, with Linux as the kernel"; sed 's/^/    | /' "$WORK/err" | tail -20
		fi
	done
else
	echo "SKIP sqlite: not built (make sqlite)"
fi
