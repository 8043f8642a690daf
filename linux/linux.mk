# SPDX-License-Identifier: MIT
# linux/linux.mk: `make linux`, Linux 6.1 as the kernel (x86_64).
#   $(LINUX_OUT)/vmlinux.o    Linux's vmlinux.o (with init/version-timestamp.o)
#                             carrying the UKL note: ukld's kernel input
#   $(LINUX_OUT)/vmlinux.lds  Linux's own final linker script, which ukld
#                             instantiates with the application's sections
# Steps, each cached by its inputs:
#   1. linux/fetch-linux.sh: Debian bookworm's linux-source-6.1 package
#      (through a private apt configuration) unpacked in $(LINUX_SRC);
#   2. linux/ukl.patch applied to that tree (linux/apply-patch.sh: the
#      applied copy is kept in it, and a changed patch rewrites only the
#      files whose bytes change, so only they are rebuilt);
#   3. `make tinyconfig` + linux/ukl.config + the built-in initramfs
#      (linux/ukl-init.S, the placeholder init) -> $(LINUX_OBJ)/.config,
#      checked line by line;
#   4. Linux's own `make vmlinux` in $(LINUX_OBJ), niced (incremental).
LINUX_SRC_TOP := $(B)/linux-src
LINUX_SRC := $(LINUX_SRC_TOP)/linux-source-6.1
LINUX_OUT := $(B)/linux
LINUX_OBJ := $(LINUX_OUT)/obj
LINUX_JOBS ?= 2
LINUX_INPUTS := linux/ukl.patch linux/ukl.config linux/ukl-init.S linux/linux.mk \
                linux/fetch-linux.sh linux/apply-patch.sh

.PHONY: linux
linux: $(LINUX_OUT)/vmlinux.o $(LINUX_OUT)/vmlinux.lds

$(LINUX_SRC)/.unpacked: linux/fetch-linux.sh | deps
	linux/fetch-linux.sh $(LINUX_SRC_TOP) >/dev/null
.PRECIOUS: $(LINUX_SRC)/.unpacked

$(LINUX_SRC)/.ukl.patch: linux/ukl.patch linux/apply-patch.sh $(LINUX_SRC)/.unpacked
	linux/apply-patch.sh $(LINUX_SRC) linux/ukl.patch $(LINUX_OUT)/patch-work
$(LINUX_SRC)/arch/x86/Kconfig: $(LINUX_SRC)/.ukl.patch

$(LINUX_OUT)/ukl-init: linux/ukl-init.S | deps
	@mkdir -p $(@D)
	$(HOSTCC) -nostdlib -static -no-pie -Wl,--build-id=none -o $@ $<

# The built-in initramfs: /dev/console for init's descriptors, the
# placeholder /init.  An initrd given to QEMU is unpacked over it.
$(LINUX_OUT)/initramfs.list: $(LINUX_OUT)/ukl-init linux/linux.mk
	printf '%s\n' 'dir /dev 0755 0 0' 'nod /dev/console 0600 0 0 c 5 1' \
	    'dir /root 0700 0 0' 'file /init $(abspath $(LINUX_OUT)/ukl-init) 0755 0 0' >$@.tmp
	if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

# Reconfigured only when the fragment or the patch's Kconfig changes: each
# run re-evaluates the compiler checks, and one that flips rebuilds all.
$(LINUX_OBJ)/.config: linux/ukl.config $(LINUX_SRC)/arch/x86/Kconfig $(LINUX_OUT)/initramfs.list \
		| $(LINUX_SRC)/.ukl.patch
	@mkdir -p $(@D)
	$(MAKE) -s -C $(LINUX_SRC) O=$(abspath $(LINUX_OBJ)) tinyconfig >/dev/null
	{ cat linux/ukl.config; \
	  echo 'CONFIG_INITRAMFS_SOURCE="$(abspath $(LINUX_OUT)/initramfs.list)"'; } >$(LINUX_OUT)/fragment.config
	cd $(LINUX_OBJ) && $(abspath $(LINUX_SRC))/scripts/kconfig/merge_config.sh -m -O . .config \
	    $(abspath $(LINUX_OUT)/fragment.config) >/dev/null
	$(MAKE) -s -C $(LINUX_OBJ) olddefconfig
	@grep '^CONFIG' $(LINUX_OUT)/fragment.config | { bad=0; while IFS= read -r l; do \
	    grep -qxF "$$l" $@ || { echo "linux: $$l did not survive olddefconfig" >&2; bad=1; }; done; \
	    exit $$bad; }
	@sed -n 's/^# \(CONFIG_[A-Z0-9_]*\) is not set/\1/p' linux/ukl.config | { bad=0; while read -r n; do \
	    ! grep -q "^$$n=" $@ || { echo "linux: $$n is set" >&2; bad=1; }; done; exit $$bad; }

# Linux's make decides what to rebuild; this rule runs when an input changed.
$(LINUX_OUT)/.built: $(LINUX_OBJ)/.config $(LINUX_OUT)/initramfs.list $(LINUX_INPUTS)
	nice $(MAKE) -C $(LINUX_OBJ) -j$(LINUX_JOBS) vmlinux >$(LINUX_OUT)/build.log 2>&1 || \
	    { tail -30 $(LINUX_OUT)/build.log; exit 1; }
	touch $@

$(LINUX_OUT)/vmlinux.o: $(LINUX_OUT)/.built
	ld -r -o $@.tmp $(LINUX_OBJ)/vmlinux.o $(LINUX_OBJ)/init/version-timestamp.o
	if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

$(LINUX_OUT)/vmlinux.lds: $(LINUX_OUT)/.built
	if cmp -s $(LINUX_OBJ)/arch/x86/kernel/vmlinux.lds $@; then :; \
	else cp $(LINUX_OBJ)/arch/x86/kernel/vmlinux.lds $@; fi
