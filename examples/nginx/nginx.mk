# SPDX-License-Identifier: MIT
# examples/nginx: nginx 1.22 from Debian's source package nginx, built by its
# own `./configure && make` with ukl-cc, sources untouched (Debian's patches
# applied by dpkg-source: CVE fixes, the pidfile fix), into
# $(BA)/examples/nginx/vmlinux (and vmlinux.lld, linked by ld.lld).
#
# configure runs what it compiles.  nginx's auto/feature (ngx_feature_run=
# yes|value|bug) and auto/types/sizeof build small test programs and run
# them on the build machine: "epoll found", the sizes of int, long, off_t,
# time_t, void *, sig_atomic_t, "gcc builtin atomic operations" are what
# those programs said.  What ukl-cc writes is a kernel image, which the host
# cannot run, so configure gets a compiler of the same libc family whose
# programs the host does run: Debian's musl-gcc (musl 1.2.3, the version
# the sysroot's libc is built from), `--with-cc=musl-gcc`.  Then
# objs/Makefile is run with CC=ukl-cc, which compiles every object for the
# kernel and, as LINK = $(CC), links objs/nginx with ukld.  What this makes
# objs/ngx_auto_config.h say:
#   - the type sizes are musl's on an LP64 Linux: the same on x86_64 and
#     riscv64 (int 4, long 8, pointer 8, off_t 8, time_t 8);
#   - the features found by running (epoll, EPOLLRDHUP, sendfile, prctl,
#     mmap(MAP_ANON|MAP_SHARED), System V shm, POSIX semaphores) are the
#     host Linux's; nginx asks the kernel again at run time where it
#     matters (its EPOLLRDHUP probe, ngx_shm_alloc's mmap), and the runtime
#     answers like Linux 6.1 (see README, nginx);
#   - headers: Debian's musl-dev omits crypt.h, so crypt() is "not found"
#     and auth_basic knows only nginx's own password schemes ({PLAIN},
#     {SHA}, {SSHA}, $apr1$), not libc's crypt(3) hashes.
# x86_64 is the host's machine, so configure's `uname -m` is the target's;
# riscv64 is named with --crossbuild=Linux:6.1:riscv64 (configure then
# takes no machine from uname: NGX_ALIGNMENT 16 and a 32-byte cache line,
# its defaults for a machine it does not list; and NGX_SYSTEM is the whole
# platform string, so NGX_HAVE_ALIGNED_DIRECTIO, which only the directio
# directive uses, is not set).
#
# Modules: nginx's default set, less those that need a library built for
# the kernel that this project does not build (Debian's nginx links them
# as shared libraries):
#   --without-http_rewrite_module --without-pcre   PCRE (libpcre2)
#   --without-http_gzip_module                     zlib
#   no --with-http_ssl_module                      OpenSSL
# http_v2 needs no library but is not a default module; without TLS no
# browser would speak it.  Everything else of the default set is in
# (static, index, autoindex, proxy, fastcgi, uwsgi, scgi, grpc, memcached,
# access, auth_basic, limit_conn/limit_req, map, geo, ssi, charset, ...).
#
# Paths, for a root file system that is the initrd (read-only) with a
# writable /tmp: the configuration /etc/nginx/nginx.conf and the document
# root /usr/share/nginx/html (Debian's prefix); the error log before the
# configuration is read /dev/stderr, the default access log /dev/stdout
# (the console); the pid file, the lock file and the temporary directories
# nginx creates at start in /tmp.  --user=nobody --group=nogroup (Debian's
# names), so the result does not depend on the build machine's /etc/group.
#
# nginx builds in its source tree (objs/), so the build has a copy.  Two
# steps, as Redis's: $(NGINX_TREE)/.built (copy, configure, compile) when
# the sources or ukl-cc change; the image when the kernel, ukld or the libc
# change (objs/Makefile relinks the objs/nginx it finds missing).
NGINX_DEB_VERSION := 1.22.1-9+deb12u9
NGINX_SRC  := $(B)/src/nginx_$(NGINX_DEB_VERSION)
NGINX_TREE := $(BA)/nginx-build
NGINX_CROSS_riscv64 := --crossbuild=Linux:6.1:riscv64
NGINX_CONFIGURE := ./configure --with-cc=musl-gcc $(NGINX_CROSS_$(ARCH)) \
	--prefix=/usr/share/nginx --conf-path=/etc/nginx/nginx.conf \
	--error-log-path=/dev/stderr --http-log-path=/dev/stdout \
	--pid-path=/tmp/nginx.pid --lock-path=/tmp/nginx.lock \
	--http-client-body-temp-path=/tmp/nginx-body \
	--http-proxy-temp-path=/tmp/nginx-proxy \
	--http-fastcgi-temp-path=/tmp/nginx-fastcgi \
	--http-uwsgi-temp-path=/tmp/nginx-uwsgi \
	--http-scgi-temp-path=/tmp/nginx-scgi \
	--user=nobody --group=nogroup \
	--without-http_rewrite_module --without-pcre --without-http_gzip_module
NGINX_MAKE = UKL_ARCH=$(ARCH) UKLD=$(EXAMPLES_UKLD) $(MAKE) -C $(NGINX_TREE) -f objs/Makefile \
	CC="$(abspath $(UKL_CC))"

$(NGINX_SRC)/.unpacked: | deps
	$(UKL_FETCH_SOURCE) nginx $(NGINX_DEB_VERSION) $(B)/src $(B)/apt >/dev/null

$(NGINX_TREE)/.built: $(NGINX_SRC)/.unpacked $(UKL_CC) examples/nginx/nginx.mk
	@echo "  NGINX   $(NGINX_DEB_VERSION) with ukl-cc -> $(NGINX_TREE)"
	@rm -rf $(NGINX_TREE) && cp -R $(NGINX_SRC) $(NGINX_TREE)
	@(cd $(NGINX_TREE) && $(NGINX_CONFIGURE)) >$(NGINX_TREE)/build.log 2>&1 $(call or_show,$(NGINX_TREE)/build.log)
	+@$(NGINX_MAKE) >>$(NGINX_TREE)/build.log 2>&1 $(call or_show,$(NGINX_TREE)/build.log)
	@touch $@

# Both linkers, as the small examples have: vmlinux by GNU ld (ukld's
# default), vmlinux.lld by ld.lld (LINK gives ukl-cc -Wl,--linker=lld,
# which it passes to ukld); on riscv64 each with its flat Image.
NGINX_OUT := $(BA)/examples/nginx
$(NGINX_OUT)/vmlinux $(NGINX_OUT)/vmlinux.lld &: $(NGINX_TREE)/.built $(BA)/vmlinux.o $(UKLD_BIN) $(MUSL_LIBC)
	@mkdir -p $(NGINX_OUT)
	@rm -f $(NGINX_TREE)/objs/nginx
	+@$(NGINX_MAKE) LINK="$(abspath $(UKL_CC)) -Wl,--linker=lld" >>$(NGINX_TREE)/build.log 2>&1 \
	    $(call or_show,$(NGINX_TREE)/build.log)
	@$(UKLD_BIN) verify $(NGINX_TREE)/objs/nginx >/dev/null   # an image, not a host program
	cp $(NGINX_TREE)/objs/nginx $(NGINX_OUT)/vmlinux.lld
	$(addprefix $(UKLD_BIN) image $(NGINX_OUT)/vmlinux.lld -o ,$(call example_flat,$(NGINX_OUT),.lld))
	@rm -f $(NGINX_TREE)/objs/nginx
	+@$(NGINX_MAKE) >>$(NGINX_TREE)/build.log 2>&1 $(call or_show,$(NGINX_TREE)/build.log)
	@$(UKLD_BIN) verify $(NGINX_TREE)/objs/nginx >/dev/null
	cp $(NGINX_TREE)/objs/nginx $(NGINX_OUT)/vmlinux
	$(call flat_of,$(NGINX_OUT)/vmlinux)

.PHONY: nginx
nginx: $(NGINX_OUT)/vmlinux $(NGINX_OUT)/vmlinux.lld
