# SPDX-License-Identifier: MIT
# examples/redis: Redis 7.0 from Debian's source package redis, built by its
# own Makefile (`make -C src redis-server`) with CC=ukl-cc, sources
# untouched (Debian's patches applied by dpkg-source: CVE fixes, CPPFLAGS in
# the deps' makefiles, the packaged redis.conf), into
# $(BA)/examples/redis/vmlinux.
#
#   MALLOC=libc      musl's malloc.  Redis's bundled jemalloc would work too,
#                    but it starts a background purging thread and reserves
#                    address space in 4 MiB chunks for nothing a unikernel
#                    gains; Debian's package uses the system's libjemalloc
#                    (USE_SYSTEM_JEMALLOC, a shared library) which a kernel
#                    cannot link.
#   USE_SYSTEMD=no   there is no systemd to notify.
#   BUILD_TLS=no     no OpenSSL built with ukl-cc.
# Its other dependencies are the ones bundled in deps/ (hiredis, Lua 5.1,
# linenoise, hdr_histogram), which Redis's Makefile builds with the same CC:
# Debian's package does the same for all but jemalloc.
#
# Redis builds in its source tree, so the build has a copy.  Two steps, so a
# new kernel only relinks: $(REDIS_TREE)/.built (copy, compile the deps and
# the server) when the sources or ukl-cc change; the image when the kernel,
# ukld or the libc change (the Makefile relinks the redis-server it finds
# missing).
REDIS_DEB_VERSION := 7.0.15-1~deb12u7
REDIS_DEB_EPOCH   := 5:
REDIS_SRC  := $(B)/src/redis_$(REDIS_DEB_VERSION)
REDIS_TREE := $(BA)/redis-build
# uname_S/uname_M are the host's (Linux, x86_64): Redis's Makefile takes
# its Linux settings from them, right for the target too.  AR and RANLIB
# are the target's (riscv64 archives need a symbol index the host's
# binutils cannot write).
REDIS_MAKE  = UKL_ARCH=$(ARCH) UKLD=$(EXAMPLES_UKLD) $(MAKE) -C $(REDIS_TREE)/src redis-server \
              CC="$(abspath $(UKL_CC))" MALLOC=libc USE_SYSTEMD=no BUILD_TLS=no \
              AR=$(MUSL_CROSS)ar RANLIB=$(MUSL_CROSS)ranlib V=1

$(REDIS_SRC)/.unpacked: | deps
	$(UKL_FETCH_SOURCE) redis $(REDIS_DEB_EPOCH)$(REDIS_DEB_VERSION) $(B)/src $(B)/apt >/dev/null

$(REDIS_TREE)/.built: $(REDIS_SRC)/.unpacked $(UKL_CC)
	@echo "  REDIS   $(REDIS_DEB_VERSION) with ukl-cc -> $(REDIS_TREE)"
	@rm -rf $(REDIS_TREE) && cp -R $(REDIS_SRC) $(REDIS_TREE)
	@$(REDIS_MAKE) >$(REDIS_TREE)/build.log 2>&1 $(call or_show,$(REDIS_TREE)/build.log)
	@touch $@

# Both linkers: vmlinux (GNU ld) and vmlinux.lld, the second link made by
# ukl-cc with UKL_LINKER=lld (Redis's Makefile records its link flags and
# rebuilds everything when they change, so they stay the same).
REDIS_OUT := $(BA)/examples/redis
$(REDIS_OUT)/vmlinux $(REDIS_OUT)/vmlinux.lld &: $(REDIS_TREE)/.built $(BA)/vmlinux.o $(UKLD_BIN) $(MUSL_LIBC)
	@mkdir -p $(REDIS_OUT)
	@rm -f $(REDIS_TREE)/src/redis-server
	@UKL_LINKER=lld $(REDIS_MAKE) >>$(REDIS_TREE)/build.log 2>&1 $(call or_show,$(REDIS_TREE)/build.log)
	@$(UKLD_BIN) verify $(REDIS_TREE)/src/redis-server >/dev/null   # an image, not a host program
	cp $(REDIS_TREE)/src/redis-server $(REDIS_OUT)/vmlinux.lld
	$(addprefix $(UKLD_BIN) image $(REDIS_OUT)/vmlinux.lld -o ,$(call example_flat,$(REDIS_OUT),.lld))
	@rm -f $(REDIS_TREE)/src/redis-server
	@$(REDIS_MAKE) >>$(REDIS_TREE)/build.log 2>&1 $(call or_show,$(REDIS_TREE)/build.log)
	@$(UKLD_BIN) verify $(REDIS_TREE)/src/redis-server >/dev/null
	cp $(REDIS_TREE)/src/redis-server $(REDIS_OUT)/vmlinux
	$(call flat_of,$(REDIS_OUT)/vmlinux)

.PHONY: redis
redis: $(REDIS_OUT)/vmlinux $(REDIS_OUT)/vmlinux.lld
