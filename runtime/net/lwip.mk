# SPDX-License-Identifier: MIT
# runtime/net/lwip.mk: the TCP/IP stack, lwIP from Debian's source package
# (fetched and unpacked by the $(B)/src/PKG_VERSION/.unpacked rule of
# runtime/libc/musl.mk, never modified), compiled with the kernel's flags
# into $(BA)/vmlinux.o.  Included by runtime/runtime.mk.
#
# Only what a NO_SYS=1 (raw API) IPv4 stack over Ethernet uses: the core,
# IPv4 with ARP, ICMP, DHCP and fragment reassembly, TCP, UDP.  The socket
# API of src/api/ needs lwIP's threads (NO_SYS=0): the BSD socket layer is
# ours (runtime/net/socket.c), over the raw API.  Our side: lwipopts.h (the
# configuration), arch/cc.h (the compiler and platform), compat/ (the two
# libc headers lwIP includes), glue.c (time, timers, the netif).

LWIP_VERSION := 2.1.3+dfsg1-2
LWIP_SRC     := $(B)/src/lwip_$(LWIP_VERSION)
LWIP_FILES   := core/init.c core/def.c core/inet_chksum.c core/ip.c core/mem.c \
                core/memp.c core/netif.c core/pbuf.c core/tcp.c core/tcp_in.c \
                core/tcp_out.c core/timeouts.c core/udp.c \
                core/ipv4/dhcp.c core/ipv4/etharp.c core/ipv4/icmp.c \
                core/ipv4/ip4.c core/ipv4/ip4_addr.c core/ipv4/ip4_frag.c \
                netif/ethernet.c
LWIP_OBJS    := $(patsubst %.c,$(BA)/lwip/%.o,$(LWIP_FILES))

LWIP_CFLAGS  := -Iruntime/net -Iruntime/net/compat -I$(LWIP_SRC)/src/include

# lwIP's sources appear when the package is unpacked: on a fresh clone they
# do not exist yet when make chooses its rules, so each one is declared the
# product of .unpacked (an empty recipe) for the pattern rule below to apply.
$(addprefix $(LWIP_SRC)/src/,$(LWIP_FILES)): | $(LWIP_SRC)/.unpacked ;

# lwIP's own code: the kernel's code generation; its warnings are upstream's
# (unused parameters of its callbacks, signed/unsigned comparisons).
$(BA)/lwip/%.o: $(LWIP_SRC)/src/%.c $(LWIP_SRC)/.unpacked
	@mkdir -p $(@D)
	$(RT_CC) -O2 $(RT_CFLAGS) $(LWIP_CFLAGS) -w -c -o $@ $<

# Our files of runtime/net/ see lwIP's headers; they wait for the unpacked
# tree (an order-only prerequisite: the tree's date does not matter).
$(BA)/runtime/runtime/net/%.o: RT_CFLAGS += $(LWIP_CFLAGS)
$(patsubst %,$(BA)/runtime/%.o,$(basename $(wildcard runtime/net/*.c))): | $(LWIP_SRC)/.unpacked

$(BA)/vmlinux.o: $(LWIP_OBJS)
RT_OBJS += $(LWIP_OBJS)
