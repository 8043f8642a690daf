#!/bin/bash
# Redis 7.0 from Debian's source package, built by its own Makefile with
# ukl-cc (examples/redis), serves the host through UKL_NET with its config
# from the initrd (no persistence, protected mode off).  Debian's
# redis-tools on the host are the clients: redis-cli --pipe SETs 10,000
# keys to random binary values, which come back byte for byte (GETs
# pipelined by tests/real/redis_client.py); INCR, LPUSH/LRANGE,
# HSET/HGETALL, EXPIRE/TTL and an expiry, DEL; 1,000 commands in one write;
# 50 connections held at once (INFO counts them) and redis-benchmark with
# 50 clients; INFO's uptime advances; SHUTDOWN NOSAVE ends the guest with
# status 0.  Both images: GNU ld's (vmlinux) and ld.lld's (vmlinux.lld).
. tests/common.sh
. tests/net/netlib.bash
img=$BA/examples/redis/vmlinux
py=tests/real/redis_client.py
[ -f "$img" ] && [ -f "$img.lld" ] || { fail "redis built (make redis)"; exit 1; }
command -v redis-cli >/dev/null && command -v redis-benchmark >/dev/null ||
	{ fail "redis-tools installed (make deps)"; exit 1; }

mkdir -p "$WORK/root"
cat >"$WORK/root/redis.conf" <<'EOF'
bind 0.0.0.0
port 6379
protected-mode no
daemonize no
save ""
appendonly no
EOF
(cd "$WORK/root" && find . | sort | cpio -o -H newc --quiet) >"$WORK/initrd.cpio"

cli() { timeout 30 redis-cli -h 127.0.0.1 -p "$port" "$@"; }
# is NAME WANT COMMAND...: redis-cli's answer to COMMAND is exactly WANT.
is() {
	local n=$1 want=$2 got; shift 2
	got=$(cli "$@" 2>&1)
	if [ "$got" = "$want" ]; then pass "$n"
	else fail "$n"; printf '    | want %q\n    | got  %q\n' "$want" "$got"; fi
}
info() { cli info "$1" | tr -d '\r' | sed -n "s/^$2:\([0-9]*\)$/\1/p"; }

# QEMU's user network listens on the forwarded port with a backlog of 1:
# redis-benchmark's 50 connections, opened at once, would find the host's
# accept queue full and wait 1 to 31 s for their handshakes to be sent
# again (a stall that ended one loaded run in a reset).  QEMU runs with
# bench/listen-backlog.c preloaded: listen() with a backlog of 128, nothing
# else changed (make bench does the same for both of its guests).
preload=$B/bench/listen-backlog.so
[ -f "$preload" ] || { fail "listen-backlog.so built (make test builds it)"; exit 1; }
# serve TAG IMAGE: the whole test against one image, its cases named TAG.
serve() {
	local tag=$1 img=$2
	port=$(free_port)
	LD_PRELOAD=$(realpath "$preload") UKL_NET=$port:6379 UKL_INITRD=$WORK/initrd.cpio UKL_TIMEOUT=240 \
		guest_start "$img" /redis.conf
	started=$SECONDS
	if ! wait_console "Ready to accept connections" 60; then
		fail "$tag: redis starts"; guest_wait 1; show_console; return 1
	fi
	pass "$tag: redis starts: Ready to accept connections"
	is "$tag: PING" "PONG" ping
	# alive NAME: the guest still runs after NAME; else its console, and stop.
	alive() {
		[ ! -f "$WORK/status" ] && return 0
		fail "$tag: the guest still runs after $1 (status $(cat "$WORK/status"))"; show_console; return 1
	}
	check "$tag: INFO: config_file /redis.conf" test "$(cli info server | tr -d '\r' | sed -n 's/^config_file://p')" = /redis.conf

	# 10,000 keys, random binary values, through redis-cli --pipe.
	python3 $py gen 15 10000 "$WORK" >/dev/null
	timeout 60 redis-cli -h 127.0.0.1 -p "$port" --pipe <"$WORK/set.resp" >"$WORK/pipe.out" 2>&1
	check "$tag: redis-cli --pipe: 10,000 SETs, no error" grep -q "errors: 0, replies: 10000" "$WORK/pipe.out"
	is "$tag: DBSIZE 10000" 10000 dbsize
	timeout 60 python3 $py check "$port" 10000 "$WORK" >"$WORK/check.out" 2>&1
	check "$tag: 10,000 GETs: every value byte-exact" grep -q "^0 of 10000 values differ" "$WORK/check.out"
	alive "10,000 GETs"
	# One of them through redis-cli itself: --raw writes the bytes as they are
	# (less its own final newline).
	python3 -c 'import pickle,sys; sys.stdout.buffer.write(pickle.load(open(sys.argv[1],"rb"))[4242] + b"\n")' \
		"$WORK/values" >"$WORK/v4242"
	cli --raw get key:4242 >"$WORK/g4242"
	check "$tag: redis-cli GET key:4242: byte-exact" cmp -s "$WORK/v4242" "$WORK/g4242"

	# Data types.
	is "$tag: INCR" 1 incr counter
	is "$tag: INCRBY" 42 incrby counter 41
	is "$tag: LPUSH" 3 lpush list c b a
	is "$tag: LRANGE" "$(printf 'a\nb\nc')" lrange list 0 -1
	is "$tag: HSET" 2 hset hash f1 v1 f2 v2
	is "$tag: HGETALL" "$(printf 'f1\nv1\nf2\nv2')" hgetall hash
	is "$tag: EXPIRE" 1 expire counter 100
	ttl=$(cli ttl counter)
	check "$tag: TTL counts down from 100 ($ttl)" test "$ttl" -ge 98 -a "$ttl" -le 100
	is "$tag: PEXPIRE 300 ms" 1 pexpire list 300
	end=$((SECONDS + 10))
	while [ "$(cli exists list)" = 1 ] && [ $SECONDS -lt $end ]; do sleep 0.1; done
	is "$tag: the key expired" 0 exists list
	is "$tag: DEL" 2 del hash key:0
	is "$tag: GET of a deleted key" "" get key:0
	alive "GET of a deleted key"

	# 1,000 commands in one write.
	timeout 60 python3 $py pipeline "$port" 1000 >"$WORK/pl.out" 2>&1
	check "$tag: a pipeline of 1,000 commands: 1,000 replies in order" grep -q "^1000 replies, in order" "$WORK/pl.out"
	alive "a pipeline of 1,000"

	# 50 clients at once: INFO counts them (and the one asking).
	# Each image's holder has its own files: the job opens the FIFO (and
	# waits there) before it truncates its output, so a file left by the
	# other image's run could be read as this one's "holding 50".
	rm -f "$WORK/hold.$tag.in" "$WORK/hold.$tag.out" && mkfifo "$WORK/hold.$tag.in"
	timeout 60 python3 $py hold "$port" 50 <"$WORK/hold.$tag.in" >"$WORK/hold.$tag.out" 2>&1 &
	hp=$!
	exec 3>"$WORK/hold.$tag.in"
	end=$((SECONDS + 30))
	while ! grep -q holding "$WORK/hold.$tag.out" 2>/dev/null && kill -0 $hp 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.1; done
	check "$tag: 50 connections open, each answered PING" grep -q "^holding 50" "$WORK/hold.$tag.out"
	n=$(info clients connected_clients)
	check "$tag: INFO: connected_clients 51 ($n)" test "$n" = 51
	echo >&3; exec 3>&-
	wait $hp
	end=$((SECONDS + 10))
	while [ "$(info clients connected_clients)" != 1 ] && [ $SECONDS -lt $end ]; do sleep 0.1; done
	n=$(info clients connected_clients)
	check "$tag: INFO: connected_clients 1 ($n)" test "$n" = 1
	timeout 120 redis-benchmark -h 127.0.0.1 -p "$port" -c 50 -n 2000 -q -t set,get,incr,lpush,lpop \
		>"$WORK/bench.out" 2>&1
	rc=$?
	check "$tag: redis-benchmark -c 50 -n 2000: 5 tests ran" test $rc = 0 -a "$(grep -c 'requests per second' "$WORK/bench.out")" = 5
	alive "redis-benchmark"
	[ $rc = 0 ] || sed 's/^/    | /' "$WORK/bench.out"
	n=$(info stats total_connections_received)
	check "$tag: INFO: it received more than 100 connections ($n)" test "${n:-0}" -gt 100

	# The server's own uptime: at most the host's time since boot, and it
	# advances.
	u0=$(info server uptime_in_seconds)
	check "$tag: INFO: uptime_in_seconds $u0 <= $((SECONDS - started + 1))" test -n "$u0" -a "${u0:-99999}" -le $((SECONDS - started + 1))
	end=$((SECONDS + 5))
	while [ "$(info server uptime_in_seconds)" = "$u0" ] && [ $SECONDS -lt $end ]; do sleep 0.2; done
	u1=$(info server uptime_in_seconds)
	check "$tag: INFO: uptime advances ($u0 -> $u1)" test "${u1:-0}" -gt "${u0:-0}"
	n=$(info server process_id)
	check "$tag: INFO: process_id 1 ($n)" test "$n" = 1

	cli shutdown nosave >/dev/null 2>&1
	guest_wait 30
	rc=$?
	check "$tag: SHUTDOWN NOSAVE: the guest ends with status 0 ($rc)" test $rc = 0
	check "$tag: Redis said goodbye" console_has "Redis is now ready to exit, bye bye"
	[ $rc = 0 ] || show_console
}
serve ld "$img"
serve lld "$img.lld"
