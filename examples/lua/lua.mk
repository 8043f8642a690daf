# SPDX-License-Identifier: MIT
# examples/lua: the Lua 5.4 interpreter from Debian's source package lua5.4,
# built by Lua's own Makefile (`make linux`) with CC=ukl-cc, sources
# untouched, into $(BA)/examples/lua/vmlinux.  Also the same sources built
# normally for the host ($(B)/host/lua/src/lua), which tests/real/lua.sh
# compares the image's output with.
#
# Debian's patches are its packaging: they replace Lua's Makefile with a
# libtool build of shared libraries and make luaconf.h include a header that
# only debian/rules writes, so the tree is the upstream one as the package's
# .orig tarball has it (fetch-source.sh, UKL_FETCH_UPSTREAM).
#
# Lua builds in its source tree, so each build has a copy.  Two steps, so a
# new kernel only relinks: $(LUA_TREE)/.built (copy, compile, liblua.a)
# when the sources or ukl-cc change; the image when the kernel, ukld or the
# libc change (Lua's Makefile relinks the lua it finds missing).
LUA_DEB_VERSION := 5.4.4-3+deb12u1
LUA_SRC  := $(B)/src/lua5.4_$(LUA_DEB_VERSION)-upstream
LUA_TREE := $(BA)/lua-build
LUA_HOST := $(B)/host/lua
LUA_MAKE  = UKL_ARCH=$(ARCH) UKLD=$(EXAMPLES_UKLD) $(MAKE) -C $(LUA_TREE)/src linux \
            CC="$(abspath $(UKL_CC)) -std=gnu99"

$(LUA_SRC)/.unpacked: | deps
	UKL_FETCH_UPSTREAM=1 $(UKL_FETCH_SOURCE) lua5.4 $(LUA_DEB_VERSION) $(B)/src $(B)/apt >/dev/null

$(LUA_TREE)/.built: $(LUA_SRC)/.unpacked $(UKL_CC)
	@echo "  LUA     $(LUA_DEB_VERSION) with ukl-cc -> $(LUA_TREE)"
	@rm -rf $(LUA_TREE) && cp -R $(LUA_SRC) $(LUA_TREE)
	@$(LUA_MAKE) >$(LUA_TREE)/build.log 2>&1 $(call or_show,$(LUA_TREE)/build.log)
	@touch $@

$(BA)/examples/lua/vmlinux: $(LUA_TREE)/.built $(BA)/vmlinux.o $(UKLD_BIN) $(MUSL_LIBC)
	@rm -f $(LUA_TREE)/src/lua
	@$(LUA_MAKE) >>$(LUA_TREE)/build.log 2>&1 $(call or_show,$(LUA_TREE)/build.log)
	@$(UKLD_BIN) verify $(LUA_TREE)/src/lua >/dev/null   # an image, not a host program
	@mkdir -p $(@D)
	cp $(LUA_TREE)/src/lua $@
	$(call flat_of,$@)

$(LUA_HOST)/src/lua: $(LUA_SRC)/.unpacked
	@echo "  LUA     $(LUA_DEB_VERSION) for the host -> $(LUA_HOST)"
	@rm -rf $(LUA_HOST) && mkdir -p $(dir $(LUA_HOST)) && cp -R $(LUA_SRC) $(LUA_HOST)
	@$(MAKE) -C $(LUA_HOST)/src linux >$(LUA_HOST)/build.log 2>&1 $(call or_show,$(LUA_HOST)/build.log)

.PHONY: lua
lua: $(BA)/examples/lua/vmlinux $(LUA_HOST)/src/lua
