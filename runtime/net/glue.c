/* SPDX-License-Identifier: MIT */
/*
 * lwIP's glue: its clock (sys_now), its timeouts on a kernel timer, network
 * interfaces over struct netdev (ukl/netdev.h), the address from DHCP or
 * from the command line.
 *
 * lwIP runs with NO_SYS=1 and is entered only with interrupts off
 * (net_lock), from three places: a system call of the socket layer, the
 * driver's receive callback (its interrupt handler, interrupts already
 * off) and the timer (interrupt context).  One CPU, interrupts off: lwIP
 * never runs twice at once.  After every entry, net_settle re-arms the
 * timer for lwIP's next timeout (a call may have added one, e.g. the TCP
 * timer when a connection opens) and delivers looped-back packets.
 */
#include <ukl/arch.h>
#include <ukl/cmdline.h>
#include <ukl/errno.h>
#include <ukl/mm.h>
#include <ukl/drivers.h>
#include <ukl/initcall.h>
#include <ukl/netdev.h>
#include <ukl/random.h>
#include <ukl/sched.h>
#include <ukl/time.h>
#include <ukl/virtio.h>

#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "net.h"

/* How long the first socket call that needs an address waits for DHCP
 * (QEMU's user network answers in milliseconds). */
#define DHCP_WAIT_NS (5 * 1000000000ull)
#define MAX_NETIFS 4

static bool started;
static struct netif netifs[MAX_NETIFS];
static int nnetifs;
static struct ktimer lwip_timer;
static struct waitq addr_wq = WAITQ_INIT(addr_wq);

u32_t sys_now(void)
{
	return (u32_t)(time_monotonic_ns() / 1000000);
}

uint32_t ukl_net_rand(void)
{
	return (uint32_t)random_u64();
}

/* netif.c's netif_find (never called here) names atoi. */
int atoi(const char *s)
{
	int n = 0, neg = *s == '-';

	s += neg || *s == '+';
	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return neg ? -n : n;
}

static void lwip_timer_fn(struct ktimer *t __maybe_unused)
{
	sys_check_timeouts();
	net_settle();
}

void net_settle(void)
{
	/* Packets to 127.0.0.1 are queued by the loopback interface, to be
	 * delivered outside the call that sent them. */
	netif_poll_all();
	/* Timeouts that are due run now too: a program that polls without
	 * ever sleeping still gets its delayed ACKs and retransmissions. */
	u32_t ms = sys_timeouts_sleeptime();
	if (ms == 0) {
		sys_check_timeouts();
		netif_poll_all();
		ms = sys_timeouts_sleeptime();
	}
	if (ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE)
		ktimer_cancel(&lwip_timer);
	else
		ktimer_arm(&lwip_timer, time_monotonic_ns() + (uint64_t)ms * 1000000);
}

/* lwIP's heap (lwipopts.h LWIP_RAM_HEAP_POINTER): MEM_SIZE and lwIP's two
 * block headers and alignment slack, in whole frames. */
unsigned char *ukl_net_heap;

static void net_start(void)
{
	if (started)
		return;
	started = true;
	uint64_t pa = pmm_alloc_contig(MEM_SIZE / PAGE_SIZE + 1);
	if (!pa)
		panic("net: no %u KiB of contiguous memory for lwIP's heap", MEM_SIZE / 1024 + 4);
	ukl_net_heap = phys_to_virt(pa);
	lwip_timer.fn = lwip_timer_fn;
	lwip_init();
}

unsigned long net_lock(void)
{
	/* Every socket call comes here: the network's boot steps are in the
	 * image exactly when this is (ukl/initcall.h). */
	UKL_INITCALL_USE(net_drivers);
	UKL_INITCALL_USE(net_init);
	unsigned long fl = irq_save();
	net_start();
	return fl;
}

void net_unlock(unsigned long flags)
{
	net_settle();
	irq_restore(flags);
}

/* ---- interfaces over struct netdev -------------------------------------- */

/* lwIP's frame out: its pbuf chain as the driver's fragments.  A chain
 * longer than the fragment array is copied flat first. */
static err_t netdev_linkoutput(struct netif *ni, struct pbuf *p)
{
	static uint8_t flat[1536];
	struct netdev *nd = ni->state;
	struct netdev_frag frags[16];
	int n = 0;

	for (struct pbuf *q = p; q; q = q->next) {
		if (n == (int)ARRAY_SIZE(frags)) {
			if (p->tot_len > sizeof(flat))
				return ERR_BUF;
			pbuf_copy_partial(p, flat, p->tot_len, 0);
			frags[0].data = flat;
			frags[0].len = p->tot_len;
			n = 1;
			break;
		}
		frags[n].data = q->payload;
		frags[n].len = q->len;
		n++;
	}
	/* A full transmit ring drops the frame: TCP sends it again. */
	return nd->xmit(nd, frags, n) == 0 ? ERR_OK : ERR_IF;
}

/* The driver's frame in (its interrupt handler, interrupts off): copied
 * into a pool buffer, handed to lwIP at once. */
static void netdev_rx(struct netdev *nd, const void *frame, size_t len)
{
	struct netif *ni = nd->stack;

	if (len > 0xffff)
		return;
	struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
	if (!p)
		return;   /* out of buffers: dropped, as a full NIC would */
	pbuf_take(p, frame, (u16_t)len);
	if (ni->input(p, ni) != ERR_OK)
		pbuf_free(p);
	net_settle();
}

static err_t netdev_netif_init(struct netif *ni)
{
	struct netdev *nd = ni->state;

	ni->name[0] = 'e';
	ni->name[1] = 'n';
	ni->output = etharp_output;
	ni->linkoutput = netdev_linkoutput;
	ni->mtu = nd->mtu ? nd->mtu : 1500;
	ni->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(ni->hwaddr, nd->mac, ETH_HWADDR_LEN);
	ni->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
	return ERR_OK;
}

static void netif_status(struct netif *ni __maybe_unused)
{
	waitq_wake(&addr_wq, 0);
}

/* ---- the command line: ip=ADDR/PREFIX[,GATEWAY] --------------------------- */

/* A dotted quad at *s, advanced past it; false if not one. */
static bool parse_quad(const char **s, uint32_t *out)
{
	uint32_t a = 0;

	for (int i = 0; i < 4; i++) {
		unsigned v = 0, digits = 0;
		while (**s >= '0' && **s <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(*(*s)++ - '0');
			digits++;
		}
		if (!digits || v > 255 || (i < 3 && *(*s)++ != '.'))
			return false;
		a = a << 8 | v;
	}
	*out = a;
	return true;
}

/* The kernel parameter ip=ADDR/PREFIX[,GW] (ukl/cmdline.h) into host-order
 * addresses; false if there is none (DHCP then) or it does not parse. */
static bool cmdline_ip(uint32_t *addr, uint32_t *mask, uint32_t *gw)
{
	const char *s = cmdline_param("ip");

	if (!s)
		return false;
	unsigned prefix = 24;
	*gw = 0;
	if (!parse_quad(&s, addr))
		goto bad;
	if (*s == '/') {
		s++;
		prefix = 0;
		if (*s < '0' || *s > '9')
			goto bad;
		while (*s >= '0' && *s <= '9')
			prefix = prefix * 10 + (unsigned)(*s++ - '0');
		if (prefix > 32)
			goto bad;
	}
	*mask = prefix ? ~0u << (32 - prefix) : 0;
	if (*s == ',') {
		s++;
		if (!parse_quad(&s, gw))
			goto bad;
	}
	if (*s)
		goto bad;
	return true;
bad:
	printk("ukl: net: cannot parse the ip= word (ip=ADDR/PREFIX[,GATEWAY]); using DHCP\n");
	return false;
}

/* Bring up the registered network interfaces: a static address from the
 * kernel parameter ip=ADDR/PREFIX[,GATEWAY] (ukl/cmdline.h) or DHCP,
 * started and not waited for.  Without an interface it does nothing (lwIP
 * starts at the first socket, for the loopback).  `ukl.nettest` runs the
 * driver's self-test first, on the raw device. */
static void net_init(void)
{
	struct netdev *nd = netdev_first();
	uint32_t a = 0, m = 0, g = 0;
	bool fixed;

	if (drivers_verbose)
		nettest_run();
	if (!nd)
		return;    /* no NIC: nothing to do at boot, no delay */
	fixed = cmdline_ip(&a, &m, &g);
	unsigned long fl = net_lock();
	for (; nd && nnetifs < MAX_NETIFS; nd = nd->next) {
		struct netif *ni = &netifs[nnetifs++];
		ip4_addr_t addr = { 0 }, mask = { 0 }, gw = { 0 };
		/* The static address is the first interface's. */
		bool stat = fixed && ni == &netifs[0];

		if (stat) {
			addr.addr = lwip_htonl(a);
			mask.addr = lwip_htonl(m);
			gw.addr = lwip_htonl(g);
		}
		nd->stack = ni;
		nd->rx = netdev_rx;
		netif_add(ni, &addr, &mask, &gw, nd, netdev_netif_init, ethernet_input);
		netif_set_status_callback(ni, netif_status);
		if (ni == &netifs[0])
			netif_set_default(ni);
		netif_set_up(ni);
		netif_set_link_up(ni);
		if (!stat)
			dhcp_start(ni);
	}
	net_unlock(fl);
}

UKL_INITCALL(INITCALL_LATE, net_init);

/* The NIC drivers the network brings (only the network uses them). */
static void net_drivers(void)
{
	virtio_net_driver = virtio_net_probe;
}
UKL_INITCALL(INITCALL_DEVICES, net_drivers);

static bool have_addr(void)
{
	return netif_default && !ip4_addr_isany_val(*netif_ip4_addr(netif_default));
}

long net_wait_addr(void)
{
	if (!nnetifs)
		return -ENETUNREACH;
	if (have_addr())
		return 0;
	net_settle();
	wait_event(&addr_wq, have_addr(), time_monotonic_ns() + DHCP_WAIT_NS);
	return have_addr() ? 0 : -ENETUNREACH;
}

bool net_addr_local(uint32_t addr)
{
	if (addr == 0 || (lwip_ntohl(addr) >> 24) == 127)
		return true;
	for (int i = 0; i < nnetifs; i++)
		if (ip4_addr_get_u32(netif_ip4_addr(&netifs[i])) == addr)
			return true;
	return false;
}
