# SPDX-License-Identifier: MIT
# examples/bzip2: bzip2 1.0.8 from Debian's source package bzip2, built by
# its own Makefile (`make bzip2`) with CC=ukl-cc, sources untouched, into
# $(BA)/examples/bzip2/vmlinux: a filter from standard input to standard
# output, binary both ways, through the console.  Also the same sources
# built normally for the host ($(B)/host/bzip2/bzip2), which
# tests/real/bzip2.sh compares the image's output with.
#
# The upstream tree, as the package's .orig tarball has it
# (fetch-source.sh, UKL_FETCH_UPSTREAM): Debian's makefile.diff links
# bzip2 against the shared libbz2.so it builds, which a kernel has no use
# for; upstream's links the static libbz2.a.
#
# bzip2 builds in its source tree, so each build has a copy.  Two steps, so
# a new kernel only relinks: $(BZIP2_TREE)/.built (copy, compile, libbz2.a)
# when the sources or ukl-cc change; the image when the kernel, ukld or the
# libc change (the Makefile relinks the bzip2 it finds missing).
BZIP2_DEB_VERSION := 1.0.8-5
BZIP2_SRC  := $(B)/src/bzip2_$(BZIP2_DEB_VERSION)-upstream
BZIP2_TREE := $(BA)/bzip2-build
BZIP2_HOST := $(B)/host/bzip2
BZIP2_MAKE  = UKL_ARCH=$(ARCH) UKLD=$(EXAMPLES_UKLD) $(MAKE) -C $(BZIP2_TREE) bzip2 \
              CC="$(abspath $(UKL_CC))" AR=$(MUSL_CROSS)ar RANLIB=$(MUSL_CROSS)ranlib

$(BZIP2_SRC)/.unpacked: | deps
	UKL_FETCH_UPSTREAM=1 $(UKL_FETCH_SOURCE) bzip2 $(BZIP2_DEB_VERSION) $(B)/src $(B)/apt >/dev/null

$(BZIP2_TREE)/.built: $(BZIP2_SRC)/.unpacked $(UKL_CC)
	@echo "  BZIP2   $(BZIP2_DEB_VERSION) with ukl-cc -> $(BZIP2_TREE)"
	@rm -rf $(BZIP2_TREE) && cp -R $(BZIP2_SRC) $(BZIP2_TREE)
	@$(BZIP2_MAKE) >$(BZIP2_TREE)/build.log 2>&1 $(call or_show,$(BZIP2_TREE)/build.log)
	@touch $@

$(BA)/examples/bzip2/vmlinux: $(BZIP2_TREE)/.built $(BA)/vmlinux.o $(UKLD_BIN) $(MUSL_LIBC)
	@rm -f $(BZIP2_TREE)/bzip2
	@$(BZIP2_MAKE) >>$(BZIP2_TREE)/build.log 2>&1 $(call or_show,$(BZIP2_TREE)/build.log)
	@$(UKLD_BIN) verify $(BZIP2_TREE)/bzip2 >/dev/null   # an image, not a host program
	@mkdir -p $(@D)
	cp $(BZIP2_TREE)/bzip2 $@
	$(call flat_of,$@)

$(BZIP2_HOST)/bzip2: $(BZIP2_SRC)/.unpacked
	@echo "  BZIP2   $(BZIP2_DEB_VERSION) for the host -> $(BZIP2_HOST)"
	@rm -rf $(BZIP2_HOST) && mkdir -p $(dir $(BZIP2_HOST)) && cp -R $(BZIP2_SRC) $(BZIP2_HOST)
	@$(MAKE) -C $(BZIP2_HOST) bzip2 >$(BZIP2_HOST)/build.log 2>&1 $(call or_show,$(BZIP2_HOST)/build.log)

.PHONY: bzip2
bzip2: $(BA)/examples/bzip2/vmlinux $(BZIP2_HOST)/bzip2
