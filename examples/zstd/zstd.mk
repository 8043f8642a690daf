# SPDX-License-Identifier: MIT
# examples/zstd: zstd 1.5.4 from Debian's source package libzstd (Debian's
# patches applied: fixes such as the block splitter's), the command-line
# program built by its own Makefile (`make -C programs zstd`) with
# CC=ukl-cc, sources untouched, into $(BA)/examples/zstd/vmlinux.  The
# Makefile finds pthreads and builds with threading (the default: -T
# starts a pool of worker threads); zlib, liblzma and liblz4 are not there
# to find, and ZSTD_OPTS says so on both builds so they are the same
# program.  Also the same sources built normally for the host
# ($(B)/host/zstd/programs/zstd), which tests/threads/zstd.sh compares the
# image's output with.
#
# The build writes into its tree (programs/obj/conf_*), so each build has a
# copy.  Two steps, so a new kernel only relinks: $(ZSTD_TREE)/.built
# (copy, compile) when the sources or ukl-cc change; the image when the
# kernel, ukld or the libc change (the Makefile relinks the zstd it finds
# missing).
ZSTD_DEB_VERSION := 1.5.4+dfsg2-5
ZSTD_SRC  := $(B)/src/libzstd_$(ZSTD_DEB_VERSION)
ZSTD_TREE := $(BA)/zstd-build
ZSTD_HOST := $(B)/host/zstd
ZSTD_OPTS := HAVE_ZLIB=0 HAVE_LZMA=0 HAVE_LZ4=0
ZSTD_MAKE  = UKL_ARCH=$(ARCH) UKLD=$(EXAMPLES_UKLD) $(MAKE) -C $(ZSTD_TREE)/programs zstd \
             CC="$(abspath $(UKL_CC))" $(ZSTD_OPTS)

$(ZSTD_TREE)/.built: $(ZSTD_SRC)/.unpacked $(UKL_CC)
	@echo "  ZSTD    $(ZSTD_DEB_VERSION) with ukl-cc -> $(ZSTD_TREE)"
	@rm -rf $(ZSTD_TREE) && cp -R $(ZSTD_SRC) $(ZSTD_TREE)
	@$(ZSTD_MAKE) >$(ZSTD_TREE)/build.log 2>&1 $(call or_show,$(ZSTD_TREE)/build.log)
	@grep -q "building with threading support" $(ZSTD_TREE)/build.log \
		|| { echo "zstd: built without threads, see $(ZSTD_TREE)/build.log" >&2; exit 1; }
	@touch $@

$(BA)/examples/zstd/vmlinux: $(ZSTD_TREE)/.built $(BA)/vmlinux.o $(UKLD_BIN) $(MUSL_LIBC)
	@rm -f $(ZSTD_TREE)/programs/zstd $(ZSTD_TREE)/programs/obj/conf_*/zstd  # zstd's make would copy the last link
	@$(ZSTD_MAKE) >>$(ZSTD_TREE)/build.log 2>&1 $(call or_show,$(ZSTD_TREE)/build.log)
	@$(UKLD_BIN) verify $(ZSTD_TREE)/programs/zstd >/dev/null   # an image, not a host program
	@mkdir -p $(@D)
	cp $(ZSTD_TREE)/programs/zstd $@
	$(call flat_of,$@)

$(ZSTD_HOST)/programs/zstd: $(ZSTD_SRC)/.unpacked
	@echo "  ZSTD    $(ZSTD_DEB_VERSION) for the host -> $(ZSTD_HOST)"
	@rm -rf $(ZSTD_HOST) && mkdir -p $(dir $(ZSTD_HOST)) && cp -R $(ZSTD_SRC) $(ZSTD_HOST)
	@$(MAKE) -C $(ZSTD_HOST)/programs zstd $(ZSTD_OPTS) >$(ZSTD_HOST)/build.log 2>&1 \
		$(call or_show,$(ZSTD_HOST)/build.log)

.PHONY: zstd
zstd: $(BA)/examples/zstd/vmlinux $(ZSTD_HOST)/programs/zstd
