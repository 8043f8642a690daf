#!/bin/bash
# nginx 1.22 from Debian's source package, configured and built by its own
# configure && make with ukl-cc (examples/nginx), serves a static tree from
# the initrd to the host through UKL_NET, with its compiled-in defaults
# (no arguments: /etc/nginx/nginx.conf, root /usr/share/nginx/html) and a
# config of a single process (master_process off, daemon off) logging to
# the console.  curl fetches 5 files (a 5 MB one, binary ones) whose
# sha256 must be the files'; a 404; a HEAD; 100 requests on one kept-alive
# connection (curl counts its connections, nginx's $connection_requests
# reaches 100); 50 connections open at once, each answered byte-exact
# (tests/real/nginx_client.py); every request's access log line is on the
# console; nginx asked the runtime for nothing it lacks.  Both images: GNU
# ld's (vmlinux) and ld.lld's (vmlinux.lld).
. tests/common.sh
. tests/net/netlib.bash
img=$BA/examples/nginx/vmlinux
[ -f "$img" ] && [ -f "$img.lld" ] || { fail "nginx built (make nginx)"; exit 1; }
command -v curl >/dev/null || { fail "curl installed"; exit 1; }

root=$WORK/root html=$WORK/root/usr/share/nginx/html
mkdir -p "$root/etc/nginx" "$html/sub"
cat >"$root/etc/nginx/nginx.conf" <<'EOF'
master_process off;
daemon off;
error_log stderr notice;
events { worker_connections 256; }
http {
    types { text/html html; text/plain txt; image/png png; }
    default_type application/octet-stream;
    sendfile on;
    log_format ukl '$remote_addr "$request" $status $body_bytes_sent '
                   'conn=$connection req=$connection_requests';
    access_log /dev/stdout ukl;
    server {
        listen 80;
    }
}
EOF
# nginx run by root (geteuid() is 0) looks its default user up.
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' \
	>"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
python3 - "$html" <<'EOF'
import random, sys
d = sys.argv[1]
r = random.Random(15)
open(d + "/index.html", "w").write("<!DOCTYPE html>\n<title>ukld</title>\n"
    + "".join("<p>nginx on ukld, line %d</p>\n" % i for i in range(20)))
open(d + "/big.bin", "wb").write(r.randbytes(5 << 20))
open(d + "/logo.png", "wb").write(b"\x89PNG\r\n\x1a\n" + r.randbytes(100000) + b"\0" * 100)
open(d + "/notes.txt", "w").write("".join("note %d\n" % i for i in range(5000)))
open(d + "/sub/page.html", "w").write("<p>a page below the root</p>\n")
EOF
(cd "$root" && find . | sort | cpio -o -H newc --quiet) >"$WORK/www.cpio"

# log_lines ERE N: the console has N lines matching ERE, waiting up to 10 s
# for them (nginx writes a request's log line as it ends the request, and
# the console's bytes reach the host on their own path, after the reply's).
log_lines() {
	local end=$((SECONDS + 10))
	until [ "$(grep -cE -- "$1" "$WORK/console")" -ge "$2" ]; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.1
	done
}

# serve LINKER IMAGE: the whole test against IMAGE; its cases are named
# "LINKER: ...".
serve() {
	local P="$1: " img=$2 port url out code want got f n bad i
	port=$(free_port)
	url=http://127.0.0.1:$port
	UKL_NET=$port:80 UKL_INITRD=$WORK/www.cpio UKL_TIMEOUT=280 guest_start "$img"
	# The listening socket is open once nginx reports its limits (the config
	# is read); until the guest listens, QEMU's forward answers with a reset.
	if ! wait_console "getrlimit(RLIMIT_NOFILE)" 60; then
		fail "nginx starts"; guest_stop; show_console; return 1
	fi
	end=$((SECONDS + 30))
	until curl -s -o /dev/null -m 5 "$url/" || [ $SECONDS -ge $end ] || [ -f "$WORK/status" ]; do
		sleep 0.2
	done
	check "nginx starts and answers" curl -s -o /dev/null -m 5 "$url/"
	# alive NAME: the guest still runs after NAME; else its console, and stop.
	alive() {
		[ ! -f "$WORK/status" ] && return 0
		fail "the guest still runs after $1 (status $(cat "$WORK/status"))"; show_console; return 1
	}

	# 5 files, byte-exact.
	for f in index.html big.bin logo.png notes.txt sub/page.html; do
		out=$WORK/got.$(basename "$f")
		code=$(curl -sS -m 60 -o "$out" -w '%{http_code}' "$url/$f" 2>&1)
		want=$(sha256sum <"$html/$f") got=$(sha256sum <"$out" 2>/dev/null)
		check "GET /$f: 200, $(stat -c %s "$html/$f") bytes, sha256 the file's" \
			test "$code" = 200 -a "$want" = "$got"
		check "access log on the console: GET /$f 200" \
			wait_console "\"GET /$f HTTP/1.1\" 200 $(stat -c %s "$html/$f")" 10
	done
	alive "5 files" || return 1

	code=$(curl -sS -m 10 -o "$WORK/404" -w '%{http_code}' "$url/no/such/file")
	check "GET of a missing file: 404" test "$code" = 404
	check "access log: the 404" wait_console "\"GET /no/such/file HTTP/1.1\" 404" 10
	check "error log: open() failed (2: No such file or directory)" \
		wait_console 'open() "/usr/share/nginx/html/no/such/file" failed (2: No such file or directory)' 10

	curl -sS -m 10 -I -o "$WORK/head" -w '%{http_code} %{size_download}\n' "$url/big.bin" >"$WORK/head.w"
	check "HEAD /big.bin: 200, no body" test "$(cat "$WORK/head.w")" = "200 0"
	check "HEAD: Content-Length 5242880" grep -q "^Content-Length: 5242880" "$WORK/head"
	check "access log: the HEAD" wait_console "\"HEAD /big.bin HTTP/1.1\" 200 0" 10

	# Keep-alive: curl reuses its connection for the URLs of one command line.
	mkdir -p "$WORK/ka"
	curl -sS -m 120 -o "$WORK/ka/#1" -w '%{http_code} %{num_connects}\n' \
		"$url/index.html?k=[1-100]" >"$WORK/ka.w" 2>&1
	check "keep-alive: 100 answers of 200" test "$(grep -c '^200 ' "$WORK/ka.w")" = 100
	n=$(awk '{ s += $2 } END { print s + 0 }' "$WORK/ka.w")
	check "keep-alive: curl opened 1 connection for the 100 ($n)" test "$n" = 1
	bad=0
	for i in $(seq 100); do cmp -s "$html/index.html" "$WORK/ka/$i" || bad=$((bad + 1)); done
	check "keep-alive: 100 bodies byte-exact ($bad differ)" test $bad = 0
	check "access log: request 100 of one connection" \
		log_lines '"GET /index.html\?k=100 HTTP/1.1" 200 [0-9]+ conn=[0-9]+ req=100' 1
	alive "keep-alive" || return 1

	# 50 connections at once.
	timeout 90 python3 tests/real/nginx_client.py concurrent "$port" 50 /logo.png "$html/logo.png" \
		>"$WORK/conc.out" 2>&1
	check "50 concurrent connections: 50 replies byte-exact" grep -q "^50 of 50 replies byte-exact" "$WORK/conc.out"
	grep -q "^50 of 50" "$WORK/conc.out" || sed 's/^/    | /' "$WORK/conc.out" | tail -10
	log_lines '"GET /logo.png\?i=[0-9]+ HTTP/1.1" 200 100108' 50
	n=$(grep -cE '"GET /logo.png\?i=[0-9]+ HTTP/1.1" 200 100108' "$WORK/console")
	check "access log: 50 lines of the concurrent GETs ($n)" test "$n" = 50
	alive "50 concurrent connections" || return 1

	# Before it reads its config nginx opens its compiled-in error log,
	# /dev/stderr (a link to the console's stderr device).
	check "the compiled-in error log /dev/stderr opens" sh -c "! grep -q 'could not open error log file' '$WORK/console'"
	# Nothing nginx asked for is missing, and nothing went wrong on its side
	# (its EPOLLRDHUP probe's socketpair(AF_UNIX) succeeds: no [alert]).
	check "no unsupported system call" sh -c "! grep -q 'unsupported syscall' '$WORK/console'"
	check "no [emerg], [alert] or [crit] in nginx's log" sh -c "! grep -qE '\[(emerg|alert|crit)\]' '$WORK/console'"
	guest_stop
	local rc=$?
	check "QEMU stopped from outside: the guest is gone ($rc)" test $rc != 124
	[ -n "${VERBOSE:-}" ] && show_console
}
pass() { echo "PASS $P$*"; }
fail() { echo "FAIL $P$*"; }
serve bfd "$img"
serve lld "$img.lld"
exit 0
