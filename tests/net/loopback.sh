#!/bin/bash
# Sockets over 127.0.0.1 inside one image without a NIC (lwIP's loopback
# interface): TCP and UDP data, the errnos of the calls, reset and refused
# connections, getaddrinfo("localhost") through the initrd's /etc/hosts;
# an image without a NIC cannot reach out (ENETUNREACH) and has no IPv6 or
# AF_UNIX sockets (EAFNOSUPPORT).  The same program passes on the host.
. tests/common.sh
if host_native; then
	gcc -O2 -o "$WORK/host" tests/net/progs/loopback.c &&
		timeout 30 "$WORK/host" >"$WORK/host.out" 2>&1
	check "host: the program passes on the host" test $? = 0
fi
build_app "$WORK/app.a" tests/net/progs/loopback.c || { fail compile; exit 1; }
mkdir -p "$WORK/root/etc"
printf '127.0.0.1\tlocalhost\n' >"$WORK/root/etc/hosts"
(cd "$WORK/root" && find . | sort | cpio -o -H newc --quiet) >"$WORK/initrd.cpio" ||
	{ fail cpio; exit 1; }
for linker in bfd lld; do
	link_app loopback "$WORK/app.a" --linker=$linker 2>"$WORK/link.err" ||
		{ cat "$WORK/link.err"; fail "$linker: link"; continue; }
	UKL_TIMEOUT=60 UKL_INITRD=$WORK/initrd.cpio boot "$WORK/loopback" ukl-nonic
	rc=$?
	sed -n "s/^ok /PASS $linker: /p; s/^BAD /FAIL $linker: /p" "$WORK/console"
	check "$linker: exit status 0" test $rc = 0
	[ $rc = 0 ] || show_console
done
