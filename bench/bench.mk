# SPDX-License-Identifier: MIT
# bench/bench.mk: `make bench` measures ukld and its kernel against the ways
# this is done today, side by side, on this machine (see bench/run.sh for
# the rows).  It prints a table and writes bench/results/RESULTS.md and
# bench/results/chart.svg.  x86_64, and riscv64's system calls and boot;
# not part of `make test`.
#
# The guests built here:
#   $(BENCH)/ukl/sysbench        bench/guest/sysbench.c, ukl-cc + ukld
#   $(BENCH)/linux/sysbench      the same source, Debian's musl-gcc -static
#   $(BENCH)/linux/hello         examples/hello/hello.c, musl-gcc -static
#   $(BENCH)/linux/*.cpio.gz     each as /init of a newc initramfs
#   $(BENCH)/linux/init          bench/guest/linux-init.c: /init of the guests
#                                with devices (bench/mkinitramfs-net.sh)
#   $(BENCH)/riscv64/sysbench    sysbench.c, riscv64-ukl-cc + ukld
#   $(BENCH)/linux/redis-server  Debian's Redis source, as examples/redis
#                                builds it for ukld, with musl-gcc -static
#   $(BENCH)/linux/nginx         Debian's nginx source, configured as
#                                examples/nginx does, with musl-gcc -static
#   $(BENCH)/listen-backlog.so   bench/listen-backlog.c, LD_PRELOADed into
#                                QEMU for the Redis rows (both guests)
#   $(BENCH)/floor               bench/floor.S: a PVH ELF that only exits,
#                                the boot rows' floor of QEMU's wall time
# The stock Debian kernel is fetched by bench/run.sh (bench/fetch-linux.sh).
BENCH := $(B)/bench
MUSL_GCC ?= musl-gcc

$(BENCH)/ukl/sysbench.o: bench/guest/sysbench.c $(UKL_CC) $(MUSL_LIBC)
	@mkdir -p $(@D)
	$(UKL_CC) -O2 -g -Wall -Wextra -c -o $@ $<
$(BENCH)/ukl/sysbench.a: $(BENCH)/ukl/sysbench.o
	rm -f $@
	ar rcs $@ $^
$(BENCH)/ukl/sysbench: $(BENCH)/ukl/sysbench.a $(BA)/vmlinux.o $(UKLD_BIN)
	$(UKLD_BIN) --name sysbench $< $(BA)/vmlinux.o -o $@

# Linked at 1 MiB, where PVH loaders put a kernel; 32-bit code in a
# 64-bit ELF, as ukld's images.
$(BENCH)/floor: bench/floor.S | deps
	@mkdir -p $(@D)
	$(HOSTCC) -c -o $@.o $<
	ld -m elf_x86_64 -static -nostdlib -z max-page-size=4096 -z noexecstack \
	    -Ttext=0x100000 -e pvh_start -o $@ $@.o

$(BENCH)/linux/sysbench: bench/guest/sysbench.c | deps
	@mkdir -p $(@D)
	$(MUSL_GCC) -static -O2 -Wall -Wextra -o $@ $<
$(BENCH)/linux/hello: examples/hello/hello.c | deps
	@mkdir -p $(@D)
	$(MUSL_GCC) -static -O2 -Wall -Wextra -o $@ $<
# /init of the Linux guests that need devices (network, virtio-console):
# loads the stock kernel's virtio modules, sets QEMU user-net's address, runs
# /prog and exits QEMU with its status (bench/mkinitramfs-net.sh packs it).
$(BENCH)/linux/init: bench/guest/linux-init.c | deps
	@mkdir -p $(@D)
	$(MUSL_GCC) -static -O2 -Wall -Wextra -o $@ $<
$(BENCH)/ukl/streambench: bench/guest/streambench.c $(UKL_CC) $(MUSL_LIBC) $(BA)/vmlinux.o $(UKLD_BIN)
	@mkdir -p $(@D)
	$(UKL_CC) -O2 -Wall -Wextra -o $@ $<
$(BENCH)/ukl/echo_server: tests/net/progs/echo_server.c $(UKL_CC) $(MUSL_LIBC) $(BA)/vmlinux.o $(UKLD_BIN)
	@mkdir -p $(@D)
	$(UKL_CC) -O2 -Wall -Wextra -o $@ $<
$(BENCH)/linux/echo_server: tests/net/progs/echo_server.c | deps
	@mkdir -p $(@D)
	$(MUSL_GCC) -static -O2 -Wall -Wextra -o $@ $<
$(BENCH)/linux/streambench: bench/guest/streambench.c | deps
	@mkdir -p $(@D)
	$(MUSL_GCC) -static -O2 -Wall -Wextra -o $@ $<
# The Linux guests with devices need the stock kernel's modules: fetched
# here as bench/run.sh does.
$(BENCH)/linux/%-net.cpio.gz: $(BENCH)/linux/% $(BENCH)/linux/init bench/mkinitramfs-net.sh
	bash bench/fetch-linux.sh $${BENCH_LINUX_PKG:-linux-image-cloud-amd64} $(BENCH)/linux >/dev/null
	bash bench/mkinitramfs-net.sh $(BENCH)/linux $(BENCH)/linux/init $< $@
$(BENCH)/linux/%.cpio.gz: $(BENCH)/linux/% bench/mkinitramfs.sh
	bash bench/mkinitramfs.sh $< $@

# Redis for the Linux guest: the tree examples/redis builds with ukl-cc
# (Debian's source, its patches applied), copied and built the same way
# (MALLOC=libc USE_SYSTEMD=no BUILD_TLS=no) but with Debian's musl-gcc and
# linked -static (REDIS_LDFLAGS: Redis's own link only, its deps are
# archives), so the two guests run the same C with the same libc.  Its
# initramfs holds bench/redis.conf as /redis.conf, the configuration the
# ukld image gets in its initrd (bench/run.sh).
BENCH_REDIS_TREE := $(BENCH)/linux/redis-build
$(BENCH_REDIS_TREE)/.built: $(REDIS_SRC)/.unpacked | deps
	@echo "  REDIS   $(REDIS_DEB_VERSION) with musl-gcc -static -> $(BENCH_REDIS_TREE)"
	@rm -rf $(BENCH_REDIS_TREE) && mkdir -p $(BENCH)/linux && cp -R $(REDIS_SRC) $(BENCH_REDIS_TREE)
	@$(MAKE) -C $(BENCH_REDIS_TREE)/src redis-server CC=$(MUSL_GCC) REDIS_LDFLAGS=-static \
	    MALLOC=libc USE_SYSTEMD=no BUILD_TLS=no V=1 >$(BENCH_REDIS_TREE)/build.log 2>&1 \
	    $(call or_show,$(BENCH_REDIS_TREE)/build.log)
	@touch $@
$(BENCH)/linux/redis-server: $(BENCH_REDIS_TREE)/.built
	cp $(BENCH_REDIS_TREE)/src/redis-server $@
$(BENCH)/linux/redis-root/redis.conf: bench/redis.conf
	@mkdir -p $(@D)
	cp $< $@
$(BENCH)/linux/redis-server-net.cpio.gz: $(BENCH)/linux/redis-server $(BENCH)/linux/init \
		$(BENCH)/linux/redis-root/redis.conf bench/mkinitramfs-net.sh
	bash bench/fetch-linux.sh $${BENCH_LINUX_PKG:-linux-image-cloud-amd64} $(BENCH)/linux >/dev/null
	bash bench/mkinitramfs-net.sh $(BENCH)/linux $(BENCH)/linux/init $< $@ $(BENCH)/linux/redis-root

# nginx for the Linux guest: Debian's source (the tree examples/nginx
# builds with ukl-cc), copied and configured with the same modules and
# paths (NGINX_CONFIGURE, examples/nginx/nginx.mk), built by its own make
# with Debian's musl-gcc and linked -static (--with-ld-opt=-static; nginx
# needs no library here: no PCRE, zlib or OpenSSL), so the two guests run
# the same C with the same libc.  nginx includes <crypt.h> on Linux
# whatever configure found, and its ngx_libc_crypt() calls crypt(); Debian's
# musl-dev ships musl without crypt (no crypt.h, no crypt() in libc.a),
# where the sysroot's libc, built from the same musl 1.2.3 source, has it.
# So configure runs as the ukld build's (its answers the same: crypt()
# "not found"), and objs/Makefile with CC="musl-gcc -isystem musl-include"
# (musl's own crypt.h) and LINK="musl-gcc musl-crypt/*.o" (musl's
# src/crypt, compiled here with musl-gcc as musl's Makefile does).  Its initramfs holds the tree bench/run.sh
# writes ($(BENCH)/nginx/root: /etc/nginx/nginx.conf, /etc/passwd and
# /etc/group, the document root), the files the ukld image gets in its
# initrd.
BENCH_NGINX_TREE := $(BENCH)/linux/nginx-build
$(BENCH_NGINX_TREE)/.built: $(NGINX_SRC)/.unpacked $(MUSL_SRC)/.unpacked examples/nginx/nginx.mk | deps
	@echo "  NGINX   $(NGINX_DEB_VERSION) with musl-gcc -static -> $(BENCH_NGINX_TREE)"
	@rm -rf $(BENCH_NGINX_TREE) && mkdir -p $(BENCH)/linux && cp -R $(NGINX_SRC) $(BENCH_NGINX_TREE)
	@(cd $(BENCH_NGINX_TREE) && $(subst --with-cc=musl-gcc,--with-cc=$(MUSL_GCC),$(NGINX_CONFIGURE)) \
	    --with-ld-opt=-static) >$(BENCH_NGINX_TREE)/build.log 2>&1 $(call or_show,$(BENCH_NGINX_TREE)/build.log)
	@mkdir -p $(BENCH_NGINX_TREE)/musl-include $(BENCH_NGINX_TREE)/musl-crypt
	@cp $(MUSL_SRC)/include/crypt.h $(BENCH_NGINX_TREE)/musl-include/
	@for f in $(MUSL_SRC)/src/crypt/*.c; do \
	    $(MUSL_GCC) -std=c99 -D_XOPEN_SOURCE=700 -O2 -I$(MUSL_SRC)/src/include -I$(MUSL_SRC)/src/internal \
		-c $$f -o $(BENCH_NGINX_TREE)/musl-crypt/$$(basename $$f .c).o || exit 1; done
	+@$(MAKE) -C $(BENCH_NGINX_TREE) -f objs/Makefile CC="$(MUSL_GCC) -isystem musl-include" \
	    LINK="$(MUSL_GCC) $(patsubst %.c,musl-crypt/%.o,$(notdir $(wildcard $(MUSL_SRC)/src/crypt/*.c)))" \
	    >>$(BENCH_NGINX_TREE)/build.log 2>&1 \
	    $(call or_show,$(BENCH_NGINX_TREE)/build.log)
	@touch $@
$(BENCH)/linux/nginx: $(BENCH_NGINX_TREE)/.built
	cp $(BENCH_NGINX_TREE)/objs/nginx $@
# The tree (the same files as the ukld image's initrd) is bench/run.sh's:
# it packs the initramfs itself (bench/mkinitramfs-net.sh), after writing
# them.

$(BENCH)/listen-backlog.so: bench/listen-backlog.c
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O2 -Wall -Wextra -shared -fPIC -o $@ $< -ldl

# The examples built by their own build systems (the real programs) link
# through ukl-cc; to learn their ukld command lines, every example is
# relinked once (-W: as if the kernel object had changed) with ukl-cc's
# $UKLD set to bench/ukld-record (EXAMPLES_UKLD, examples/examples.mk), which notes them in $(BENCH)/ukld-links.tsv.
# riscv64: the same sysbench with riscv64-ukl-cc for the virt machine (its
# kernel, libc and ukl-cc from a sub-make; rebuilt each time, a second).
BENCH_RV := $(BENCH)/riscv64
.PHONY: bench-riscv64
bench-riscv64: $(UKLD_BIN)
	$(MAKE) ARCH=riscv64 all
	@mkdir -p $(BENCH_RV)
	$(BIN)/riscv64-ukl-cc -O2 -g -Wall -Wextra -c -o $(BENCH_RV)/sysbench.o bench/guest/sysbench.c
	rm -f $(BENCH_RV)/sysbench.a
	riscv64-linux-gnu-ar rcs $(BENCH_RV)/sysbench.a $(BENCH_RV)/sysbench.o
	$(UKLD_BIN) --name sysbench $(BENCH_RV)/sysbench.a $(B)/riscv64/vmlinux.o -o $(BENCH_RV)/sysbench

.PHONY: bench bench-build bench-record
bench-build: all examples $(BIN)/ukl-run $(BENCH)/ukl/sysbench $(BENCH)/floor \
	     $(BENCH)/linux/sysbench.cpio.gz $(BENCH)/linux/hello.cpio.gz bench-riscv64 \
	     $(BENCH)/ukl/streambench $(BENCH)/linux/streambench-net.cpio.gz \
	     $(BENCH)/ukl/echo_server $(BENCH)/linux/echo_server-net.cpio.gz \
	     $(BENCH)/linux/redis-server-net.cpio.gz $(BENCH)/listen-backlog.so \
	     $(BENCH)/linux/nginx \
	     linux
bench-record: bench-build
	rm -rf $(BENCH)/ukld-links.tsv $(BENCH)/ukld-links.tsv.objs
	BENCH_UKLD_LOG=$(abspath $(BENCH)/ukld-links.tsv) BENCH_UKLD=$(abspath $(UKLD_BIN)) \
	    $(MAKE) -W $(BA)/vmlinux.o examples EXAMPLES_UKLD=$(abspath bench/ukld-record)
bench:
	@[ "$(ARCH)" = x86_64 ] || { echo "make bench: x86_64 only (ARCH=$(ARCH))" >&2; exit 1; }
	$(MAKE) bench-record
	B=$(B) UKLD=$(UKLD_BIN) bash bench/run.sh
