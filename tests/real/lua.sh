#!/bin/bash
# Lua 5.4 from Debian's source package, built by its own Makefile with
# ukl-cc (examples/lua), runs tests/real/lua/test.lua from the initrd:
# strings, tables, closures, coroutines, string.format with floats,
# os.time/os.clock/os.date, io on initrd files and on /tmp.  Its output must
# be the host build's (the same sources built normally), byte for byte.
. tests/common.sh
img=$BA/examples/lua/vmlinux host=$B/host/lua/src/lua
[ -f "$img" ] && [ -x "$host" ] || { fail "lua built (make lua)"; exit 1; }
mkdir -p "$WORK/root" && cp -R tests/real/lua/. "$WORK/root/" && mkdir -p "$WORK/root/tmp"
(cd "$WORK/root" && find . | sort | cpio -o -H newc --quiet) >"$WORK/initrd.cpio"
# The host run sees the same tree as its current directory (and UTC: the
# kernel has no time zone).
(cd "$WORK/root" && TZ=UTC "$OLDPWD/$host" test.lua) >"$WORK/host.out" 2>&1 </dev/null
check "host: exit status 0" test $? = 0
UKL_INITRD=$WORK/initrd.cpio boot "$img" "test.lua"
rc=$?
check "boot: exit status 0" test $rc = 0
check "output is the host's" diff -u "$WORK/host.out" "$WORK/console"
check "the script ran to the end" grep -q '^true	true$' "$WORK/console"
[ $rc = 0 ] || show_console
# A script on standard input (`lua -`), as from a pipe on the host.
cat >"$WORK/stdin.lua" <<'LUA'
local t = {}
for w in ("from standard input"):gmatch("%a+") do t[#t + 1] = w:upper() end
print(table.concat(t, " "), #t, string.format("%.2f", math.pi))
print(io.read("l"))   -- the script was all of standard input: nil
LUA
cp "$WORK/stdin.lua" "$WORK/stdin.in"
(cd "$WORK/root" && "$OLDPWD/$host" - <"$WORK/stdin.in") >"$WORK/host-stdin.out" 2>&1
UKL_INITRD=$WORK/initrd.cpio UKL_APPEND=- "$UKLRUN" "$img" <"$WORK/stdin.in" >"$WORK/console" 2>&1
like_host "stdin script" $? "$WORK/host-stdin.out"
check "stdin script: it ran" grep -q '^FROM STANDARD INPUT	3	3.14$' "$WORK/console"
# riscv64: the same from the flat Image (ukld image of the ELF the Makefile
# linked), as QEMU -kernel loads raw bytes.
if [ "$ARCH" = riscv64 ]; then
	UKL_INITRD=$WORK/initrd.cpio boot "$BA/examples/lua/Image" "test.lua"
	like_host "flat Image" $? "$WORK/host.out"
fi
