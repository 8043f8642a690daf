#!/bin/bash
# The file system calls on the initrd (read-only) and /tmp (writable), with
# Linux's errors: tests/boot/progs/files.c booted with an initrd, and the
# same program (musl-gcc -static) on the host's Linux in a tree built the
# same way: a chroot whose root is a read-only mount and whose /tmp is a
# tmpfs.  Both must pass every case.
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/files.c || { fail compile; exit 1; }
mkdir -p "$WORK/root/etc/empty" "$WORK/root/tmp"
printf 'hello from the initrd\n' >"$WORK/root/etc/greeting"
printf 'seed\n' >"$WORK/root/tmp/seed"
ln -s greeting "$WORK/root/etc/link"
ln -s loop2 "$WORK/root/etc/loop1"
ln -s loop1 "$WORK/root/etc/loop2"
(cd "$WORK/root" && find . | sort | cpio -o -H newc --quiet) >"$WORK/initrd.cpio" ||
	{ fail "cpio"; exit 1; }
link_app files "$WORK/app.a" || { fail link; exit 1; }
UKL_INITRD=$WORK/initrd.cpio boot "$WORK/files"
rc=$?
sed -n "s/^ok /PASS /p; s/^BAD /FAIL /p" "$WORK/console"
check "exit status 0" test $rc = 0
check "all cases ran" console_has "files: all ok"
check "no unsupported syscall" sh -c "! grep -q 'unsupported syscall' '$WORK/console'"
[ $rc = 0 ] || show_console

# The host's Linux: the same cases, the same answers.
if ! command -v musl-gcc >/dev/null || ! command -v unshare >/dev/null; then
	echo "SKIP host Linux: no musl-gcc or unshare"
elif ! musl-gcc -static -O2 -o "$WORK/files-host" tests/boot/progs/files.c; then
	fail "host Linux: musl-gcc"
elif ! unshare -m true 2>/dev/null; then
	echo "SKIP host Linux: no mount namespace here (unshare -m)"
else
	# stdout a pipe (the console is not seekable), 1024 descriptors.
	unshare -m sh -ec '
		r=$1/ns; mkdir -p "$r"
		mount -t tmpfs none "$r"
		cp -a "$1/root/." "$r/"
		cp "$1/files-host" "$r/files"
		mkdir -p "$r/dev" && touch "$r/dev/null" && mount --bind /dev/null "$r/dev/null"
		mount -t tmpfs -o mode=1777 none "$r/tmp" && cp "$1/root/tmp/seed" "$r/tmp/"
		mount -o remount,ro,bind "$r"
		ulimit -n 1024
		chroot "$r" /files | cat' sh "$WORK" >"$WORK/host.out" 2>&1
	hrc=$?
	check "host Linux: every case passes" grep -qx "files: all ok" "$WORK/host.out"
	check "host Linux: the same cases" \
		diff <(grep -a '^ok ' "$WORK/console") <(grep '^ok ' "$WORK/host.out")
	[ $hrc = 0 ] || grep -v '^ok ' "$WORK/host.out" | sed 's/^/    host | /'
fi

# Without an initrd: /tmp and /dev are there, the rest is empty.
cat >"$WORK/noinitrd.c" <<'C'
#include <stdio.h>
#include <dirent.h>
int main(void)
{
	DIR *d = opendir("/");
	struct dirent *e;
	while (d && (e = readdir(d)))
		printf("[%s]", e->d_name);
	FILE *f = fopen("/tmp/x", "w");
	printf("\n%s\n", f && fputs("x", f) >= 0 && !fclose(f) ? "tmp writable" : "tmp broken");
	return 0;
}
C
build_app "$WORK/app2.a" "$WORK/noinitrd.c" && link_app noinitrd "$WORK/app2.a" &&
	boot "$WORK/noinitrd"
check "no initrd: root has . .. tmp dev" console_has "[.][..][tmp][dev]"
check "no initrd: /tmp writable" console_has "tmp writable"
