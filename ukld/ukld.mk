# SPDX-License-Identifier: MIT
# ukld/ukld.mk: the fragment an application's own Makefile includes to be
# built into a unikernel image.  (ukld itself is built by ukld/build.mk.)
#
#     UKL_APP  := hello                 # the image's name (argv[0])
#     UKL_SRCS := main.c util.c         # C sources (or set UKL_OBJS)
#     UKL_LIBS := -lm                   # libraries, as for ld
#     include /path/to/ukld/ukld/ukld.mk
#
# gives:
#   variables  UKL_CC (the compiler, ukl-cc), UKL_CFLAGS, UKLD, UKL_KERNEL,
#              UKL_RUN, and the outputs UKL_ARCHIVE, UKL_IMAGE, UKL_FLAT_IMAGE,
#              UKL_INITRD
#   rules      %.o from %.c with $(UKL_CC); $(UKL_ARCHIVE) (ar) from
#              $(UKL_OBJS); $(UKL_IMAGE) from the archive, $(UKL_LIBS) and
#              the kernel (ukld), on riscv64 with the flat Image
#              $(UKL_FLAT_IMAGE) (APP.Image, ukld --image; empty: none);
#              $(UKL_INITRD) (newc cpio) from the directory $(UKL_ROOTFS), if set
#   targets    ukl-image (the default if the Makefile has none before the
#              include), run (boot it under QEMU: arguments $(UKL_ARGS), the
#              initrd if UKL_ROOTFS is set), ukl-clean
#
# Inputs, all optional but the sources:
#   UKL_APP      name (default: app)           UKL_OBJS    objects (default:
#   UKL_CFLAGS   compile flags (-O2 -g)                    UKL_SRCS as .o)
#   UKL_LDFLAGS  ukld options (--linker=lld...) UKL_ROOTFS  a directory: the
#   UKL_ARGS     the program's arguments                   initrd's tree
#   UKL_ARCH     x86_64 (default), riscv64      UKL_BUILD   ukld's build
#                                                           directory
# UKL_BUILD defaults to the build/ beside this file's directory, where
# `make` in the ukld tree puts ukl-cc, ukld, ukl-run and the kernels; UKLD
# and UKL_RUN (e.g. from the environment) name other ones.
UKL_MK_DIR := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))
UKL_BUILD  ?= $(abspath $(UKL_MK_DIR)/../build)
UKL_ARCH   ?= x86_64
UKL_APP    ?= app
UKL_CFLAGS ?= -O2 -g
UKL_OBJS   ?= $(patsubst %.c,%.o,$(UKL_SRCS))

UKL_CC      := $(UKL_BUILD)/bin/ukl-cc --ukl-arch=$(UKL_ARCH)
UKLD        ?= $(UKL_BUILD)/bin/ukld
UKL_RUN     ?= $(UKL_BUILD)/bin/ukl-run
UKL_KERNEL  ?= $(UKL_BUILD)/$(UKL_ARCH)/vmlinux.o
UKL_ARCHIVE ?= $(UKL_APP).a
UKL_IMAGE   ?= $(UKL_APP).vmlinux
# riscv64's loaders (QEMU -kernel, U-Boot booti) also take a flat Image;
# x86_64 boots only its ELF (PVH).
UKL_FLAT_IMAGE ?= $(if $(filter riscv64,$(UKL_ARCH)),$(UKL_APP).Image)
UKL_INITRD  ?= $(if $(UKL_ROOTFS),$(UKL_APP).cpio)

ifeq ($(wildcard $(UKLD)),)
$(error ukld.mk: no ukld at $(UKLD) (run make in the ukld tree, or set UKL_BUILD))
endif

.PHONY: ukl-image run ukl-clean
ukl-image: $(UKL_IMAGE) $(UKL_FLAT_IMAGE)

%.o: %.c
	$(UKL_CC) $(UKL_CFLAGS) -c -o $@ $<

$(UKL_ARCHIVE): $(UKL_OBJS)
	rm -f $@
	ar rcs $@ $^

# One ukld run writes both images: a grouped target.
$(UKL_IMAGE) $(UKL_FLAT_IMAGE) &: $(UKL_ARCHIVE) $(UKL_KERNEL) $(UKLD)
	$(UKLD) --sysroot $(UKL_BUILD)/$(UKL_ARCH)/sysroot --name $(UKL_APP) \
	    $(UKL_LDFLAGS) $(UKL_ARCHIVE) $(UKL_LIBS) $(UKL_KERNEL) -o $(UKL_IMAGE) \
	    $(addprefix --image ,$(UKL_FLAT_IMAGE))

# The initrd is remade whenever any file below UKL_ROOTFS is newer.
ifneq ($(UKL_ROOTFS),)
$(UKL_INITRD): $(shell find $(UKL_ROOTFS) 2>/dev/null)
	(cd $(UKL_ROOTFS) && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >$@.tmp
	mv $@.tmp $@
endif

run: $(UKL_IMAGE) $(UKL_INITRD)
	UKL_INITRD="$(abspath $(UKL_INITRD))" $(UKL_RUN) $(UKL_IMAGE) $(UKL_ARGS)

ukl-clean:
	rm -f $(UKL_OBJS) $(UKL_ARCHIVE) $(UKL_IMAGE) $(UKL_FLAT_IMAGE) $(UKL_INITRD)
