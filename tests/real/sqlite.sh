#!/bin/bash
# SQLite 3 from Debian's source package, configured and built by its own
# build system with ukl-cc (examples/sqlite): tests/real/sqlite/test.sql
# (from the initrd, `sqlite3 -init test.sql tmp/test.db`) creates a database
# in the writable /tmp, inserts 10,000 rows in a transaction, runs aggregate
# and join queries, updates, deletes and an integrity check.  Its output
# must be the host build's (the same sources built normally), byte for byte.
. tests/common.sh
img=$BA/examples/sqlite/vmlinux host=$B/host/sqlite/sqlite3
[ -f "$img" ] && [ -x "$host" ] || { fail "sqlite built (make sqlite)"; exit 1; }
mkdir -p "$WORK/root/tmp" && cp tests/real/sqlite/test.sql "$WORK/root/"
(cd "$WORK/root" && find . | sort | cpio -o -H newc --quiet) >"$WORK/initrd.cpio"
(cd "$WORK/root" && "$OLDPWD/$host" -init test.sql tmp/test.db) >"$WORK/host.out" 2>&1 </dev/null
check "host: exit status 0" test $? = 0
check "host: the database was written" test -s "$WORK/root/tmp/test.db"
UKL_INITRD=$WORK/initrd.cpio boot "$img" "-init test.sql tmp/test.db"
rc=$?
check "boot: exit status 0" test $rc = 0
check "output is the host's" diff -u "$WORK/host.out" "$WORK/console"
check "10,000 rows inserted" grep -q '^10000|' "$WORK/console"
check "integrity_check ok" grep -qx 'ok' "$WORK/console"
[ $rc = 0 ] || show_console
# SQL on standard input, as from a pipe on the host: the shell reads it
# line by line to the end of input.
cat >"$WORK/stdin.sql" <<'SQL'
CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO t(v) SELECT printf('value %d', i * i) FROM n;
SELECT count(*), sum(length(v)), max(v) FROM t;
SELECT k, v FROM t WHERE k % 125 = 0;
SQL
"$host" :memory: <"$WORK/stdin.sql" >"$WORK/host-stdin.out" 2>&1
UKL_APPEND=:memory: "$UKLRUN" "$img" <"$WORK/stdin.sql" >"$WORK/console" 2>&1
like_host "SQL on stdin" $? "$WORK/host-stdin.out"
check "SQL on stdin: 500 rows" grep -q '^500|' "$WORK/console"
# riscv64: the same from the flat Image (ukld image of the ELF SQLite's
# Makefile linked), as QEMU -kernel loads raw bytes.
if [ "$ARCH" = riscv64 ]; then
	UKL_INITRD=$WORK/initrd.cpio boot "$BA/examples/sqlite/Image" "-init test.sql tmp/test.db"
	like_host "flat Image" $? "$WORK/host.out"
fi
