# SPDX-License-Identifier: MIT
# examples/sqlite: the sqlite3 shell from Debian's source package sqlite3
# (Debian's patches applied), configured and built by SQLite's own
# configure and Makefile with CC=ukl-cc, sources untouched, into
# $(BA)/examples/sqlite/vmlinux.  Also the same sources configured and built
# normally for the host ($(B)/host/sqlite/sqlite3), which
# tests/real/sqlite.sh compares the image's output with.
#
# Configure runs in cross-compiling mode (--host differs from --build), so
# it runs none of the programs ukl-cc makes (they are kernels); the
# generators of the build (lemon, mksourceid) are then built with the host
# gcc (BUILD_CC), and the Makefile is told so with CROSS_BUILDING=yes (a
# Debian patch's switch).  tclsh (package tcl) writes the amalgamation.
# Not wanted in a kernel: the Tcl extension, readline, shared libraries.
#
# Out of tree, so the source stays pristine.  Two steps, so a new kernel
# only relinks: $(SQLITE_TREE)/Makefile (configure) when the sources or
# ukl-cc change; the image when the kernel, ukld or the libc change (the
# Makefile rebuilds what is out of date, the link at least).
DEB_PKGS += tcl   # tclsh writes the amalgamation
SQLITE_DEB_VERSION := 3.40.1-2+deb12u2
SQLITE_SRC  := $(B)/src/sqlite3_$(SQLITE_DEB_VERSION)
SQLITE_TREE := $(BA)/sqlite-build
SQLITE_HOST := $(B)/host/sqlite
SQLITE_CONF := --disable-shared --enable-static --disable-tcl --disable-readline CFLAGS=-O2

$(SQLITE_TREE)/Makefile: $(SQLITE_SRC)/.unpacked $(UKL_CC)
	@echo "  SQLITE  $(SQLITE_DEB_VERSION) configure with ukl-cc -> $(SQLITE_TREE)"
	@rm -rf $(SQLITE_TREE) && mkdir -p $(SQLITE_TREE)
	@cd $(SQLITE_TREE) && UKL_ARCH=$(ARCH) UKLD=$(EXAMPLES_UKLD) $(abspath $(SQLITE_SRC))/configure \
	    --build=$$(sh $(abspath $(SQLITE_SRC))/config.guess) --host=$(ARCH)-linux-musl \
	    CC=$(abspath $(UKL_CC)) $(SQLITE_CONF) >configure.log 2>&1 $(call or_show,$(abspath $(SQLITE_TREE))/configure.log)

$(BA)/examples/sqlite/vmlinux: $(SQLITE_TREE)/Makefile $(BA)/vmlinux.o $(UKLD_BIN) $(MUSL_LIBC)
	@echo "  SQLITE  $(SQLITE_DEB_VERSION) build with ukl-cc -> $@"
	@rm -f $(SQLITE_TREE)/sqlite3
	@UKL_ARCH=$(ARCH) UKLD=$(EXAMPLES_UKLD) $(MAKE) -C $(SQLITE_TREE) sqlite3 CROSS_BUILDING=yes \
	    >>$(SQLITE_TREE)/build.log 2>&1 $(call or_show,$(SQLITE_TREE)/build.log)
	@$(UKLD_BIN) verify $(SQLITE_TREE)/sqlite3 >/dev/null   # an image, not a host program
	@mkdir -p $(@D)
	cp $(SQLITE_TREE)/sqlite3 $@
	$(call flat_of,$@)

$(SQLITE_HOST)/sqlite3: $(SQLITE_SRC)/.unpacked
	@echo "  SQLITE  $(SQLITE_DEB_VERSION) for the host -> $(SQLITE_HOST)"
	@rm -rf $(SQLITE_HOST) && mkdir -p $(SQLITE_HOST)
	@cd $(SQLITE_HOST) && $(abspath $(SQLITE_SRC))/configure $(SQLITE_CONF) >configure.log 2>&1 $(call or_show,$(abspath $(SQLITE_HOST))/configure.log)
	@$(MAKE) -C $(SQLITE_HOST) sqlite3 >$(SQLITE_HOST)/build.log 2>&1 $(call or_show,$(SQLITE_HOST)/build.log)

.PHONY: sqlite
sqlite: $(BA)/examples/sqlite/vmlinux $(SQLITE_HOST)/sqlite3
