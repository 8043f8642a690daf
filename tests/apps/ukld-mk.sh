#!/bin/bash
# ukld/ukld.mk: an application's own Makefile includes it and gets the
# objects, the archive, the image, the initrd and `make run`; a second make
# does nothing.
. tests/common.sh
app=$WORK/app
mkdir -p "$app/rootfs/etc"
echo "from the initrd" >"$app/rootfs/etc/motd"
cat >"$app/main.c" <<'C'
#include <math.h>
#include <stdio.h>
int twice(int);
int main(int argc, char **argv)
{
	char line[64] = "";
	FILE *f = fopen("/etc/motd", "r");
	if (f && fgets(line, sizeof line, f))
		printf("motd: %s", line);
	printf("%s %d %s sqrt=%.3f\n", argv[0], twice(argc), argc > 1 ? argv[1] : "-", sqrt(2.0));
	return 3;
}
C
echo 'int twice(int x) { return 2 * x; }' >"$app/util.c"
cat >"$app/Makefile" <<MK
UKL_APP    := demo
UKL_SRCS   := main.c util.c
UKL_LIBS   := -lm
UKL_ROOTFS := rootfs
UKL_ARGS   := hello
UKL_ARCH   := $ARCH
UKL_BUILD  := $(pwd)/$B
include $(pwd)/ukld/ukld.mk
MK
make -C "$app" >"$WORK/make.log" 2>&1
check "make builds the image" test -f "$app/demo.vmlinux"
[ -f "$app/demo.vmlinux" ] || sed 's/^/    | /' "$WORK/make.log"
check "objects and archive from the rules" test -f "$app/main.o" -a -f "$app/util.o" -a -f "$app/demo.a"
if [ "$ARCH" = riscv64 ]; then
	check "the flat Image too (demo.Image, RSC\\x05 at 56)" \
		test "$(od -An -tx1 -j56 -N4 "$app/demo.Image" 2>/dev/null | tr -d ' ')" = 52534305
else
	check "no flat image on $ARCH" test ! -e "$app/demo.Image"
fi
check "second make does nothing" sh -c "make -C '$app' | grep -q 'Nothing to be done'"
make -C "$app" -s run >"$WORK/console" 2>&1
rc=$?
check "make run: the program's exit status" test $rc = 2   # make exits 2 when a recipe fails (status 3)
check "make run: initrd file read" console_has "motd: from the initrd"
check "make run: name, arguments, libm" console_has "demo 4 hello sqrt=1.414"
make -C "$app" -s run UKL_ARGS="a b c" >"$WORK/console" 2>&1
check "make run UKL_ARGS=..." console_has "demo 8 a sqrt=1.414"
touch "$app/rootfs/etc/motd"
check "a changed rootfs remakes the initrd" sh -c "make -C '$app' demo.cpio | grep -q cpio"
make -C "$app" ukl-clean >/dev/null
check "ukl-clean" test ! -e "$app/demo.vmlinux" -a ! -e "$app/demo.Image" -a ! -e "$app/main.o" -a ! -e "$app/demo.cpio"
