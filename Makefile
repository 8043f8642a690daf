# ukld: top-level build.  `make run` installs what is missing, builds everything
# and boots examples/hello; `make test` runs the whole suite.
#
# Each part has its own fragment:
#   ukld/build.mk        the link-time tool (build/bin/ukld; SANITIZE=1: build/bin-san/ukld)
#   runtime/runtime.mk   the kernel (build/$(ARCH)/vmlinux.o) and build/bin/ukl-run
#   runtime/libc/musl.mk musl from the Debian source package (build/$(ARCH)/sysroot)
#                        and build/bin/ukl-cc (riscv64: build/bin/riscv64-ukl-cc)
#   ctors/ctors.mk       C++: build/bin/ukl-c++ and the sysroot's libukl-cxx.a
#   examples/examples.mk the example programs (build/$(ARCH)/examples/*)
#   linux/linux.mk       make linux: Linux 6.1 as the kernel (build/linux/vmlinux.o)
#   tests/tests.mk       make test
#   tests/fuzz/fuzz.mk   make fuzz (libFuzzer, bounded by FUZZ_TIME; not in make test)
#   bench/bench.mk       make bench (measurements, not part of make test)
ARCH ?= x86_64
B    := build
BA   := $(B)/$(ARCH)
BIN  := $(B)/bin

HOSTCC     ?= gcc
HOSTCFLAGS ?= -std=gnu11 -O2 -g -Wall -Wextra
QEMU_TIMEOUT ?= 20

.PHONY: all run test deps clean
# The default goal; its prerequisites are named after the fragments that
# define them (below), since make expands a rule's prerequisites as it reads it.
all:

# Debian packages the build and the tests need (riscv64: the cross
# compilers (gcc, g++ for riscv64-ukl-c++) and binutils, and qemu-system-riscv64,
# whose qemu-system-data brings OpenSBI's fw_dynamic, the virt machine's
# default firmware; U-Boot for that machine, which boots the flat Image with
# booti in tests/boot/booti.sh).
DEB_PKGS := gcc make binutils lld libelf-dev libdw-dev libcapstone-dev \
            qemu-system-x86 dpkg-dev cpio xz-utils ca-certificates bc lz4 \
            musl-dev clang g++ libclang-rt-14-dev musl-tools python3 \
            flex bison redis-tools curl wrk
# riscv64
DEB_PKGS += gcc-riscv64-linux-gnu g++-riscv64-linux-gnu binutils-riscv64-linux-gnu \
            qemu-system-misc u-boot-qemu
deps:
	@missing=$$(for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "installing:" $$missing; \
	    if [ "$$(id -u)" != 0 ]; then echo "error: need root to install:" $$missing >&2; exit 1; fi; \
	    apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq $$missing; \
	fi
deps-check: deps
.PHONY: deps-check

include ukld/build.mk
include runtime/runtime.mk
include runtime/libc/musl.mk
include ctors/ctors.mk
include examples/examples.mk
include linux/linux.mk
include tests/tests.mk
include tests/fuzz/fuzz.mk
include bench/bench.mk

all: deps-check $(UKLD_BIN) $(UKL_CC) $(BA)/vmlinux.o

run: all $(BA)/examples/hello/vmlinux
	$(BIN)/ukl-run $(BA)/examples/hello/vmlinux

clean:
	rm -rf $(B)
