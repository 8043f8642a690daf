/* SPDX-License-Identifier: MIT */
/*
 * `ukl.nettest` on the kernel command line: a diagnostic of the network
 * driver alone, before any stack is attached.  It sends an ARP request for
 * 10.0.2.2 (QEMU's user network gateway) from 10.0.2.15 on the first
 * interface and waits, at most two seconds, for the reply, polling the
 * driver's interrupt handler (which is harmless when the interrupt also
 * comes); then it prints the address it learned:
 *
 *	nettest: virtio-net0 52:54:00:12:34:56: 10.0.2.2 is at 52:55:0a:00:02:02
 *
 * or why not.  The boot then goes on as usual.
 */
#include <ukl/arch.h>
#include <ukl/drivers.h>
#include <ukl/irq.h>
#include <ukl/netdev.h>
#include <ukl/sched.h>
#include <ukl/time.h>

#define NETTEST_WAIT_NS  2000000000ull
#define NETTEST_RESEND_NS 250000000ull

static const uint8_t my_ip[4] = { 10, 0, 2, 15 }, gw_ip[4] = { 10, 0, 2, 2 };
static uint8_t gw_mac[6];
static bool answered;

/* An ARP reply (ethertype 0x0806, Ethernet/IPv4, op 2) from gw_ip. */
static void nettest_rx(struct netdev *nd __maybe_unused, const void *frame, size_t len)
{
	const uint8_t *f = frame;

	if (len < 42 || f[12] != 0x08 || f[13] != 0x06)
		return;
	if (f[14] != 0 || f[15] != 1 || f[16] != 0x08 || f[17] != 0 || f[18] != 6 ||
	    f[19] != 4 || f[20] != 0 || f[21] != 2 || memcmp(f + 28, gw_ip, 4))
		return;
	memcpy(gw_mac, f + 22, 6);
	answered = true;
}

static int send_request(struct netdev *nd)
{
	uint8_t f[42];

	memset(f, 0xff, 6);                  /* broadcast */
	memcpy(f + 6, nd->mac, 6);
	f[12] = 0x08, f[13] = 0x06;          /* ARP */
	f[14] = 0, f[15] = 1;                /* Ethernet */
	f[16] = 0x08, f[17] = 0;             /* IPv4 */
	f[18] = 6, f[19] = 4;
	f[20] = 0, f[21] = 1;                /* request */
	memcpy(f + 22, nd->mac, 6);
	memcpy(f + 28, my_ip, 4);
	memset(f + 32, 0, 6);
	memcpy(f + 38, gw_ip, 4);
	struct netdev_frag frag = { f, sizeof(f) };
	unsigned long fl = irq_save();
	int r = nd->xmit(nd, &frag, 1);
	irq_restore(fl);
	return r;
}

void nettest_run(void)
{
	struct netdev *nd = netdev_first();

	if (!nd) {
		printk("nettest: no network device\n");
		return;
	}
	const uint8_t *m = nd->mac;
	printk("nettest: %s %02x:%02x:%02x:%02x:%02x:%02x: ", nd->name, m[0], m[1], m[2],
	       m[3], m[4], m[5]);
	void (*saved)(struct netdev *, const void *, size_t) = nd->rx;
	nd->rx = nettest_rx;
	uint64_t start = time_monotonic_ns(), sent = 0;
	int r = 0;
	while (!answered && time_monotonic_ns() - start < NETTEST_WAIT_NS) {
		if (!sent || time_monotonic_ns() - sent >= NETTEST_RESEND_NS) {
			if ((r = send_request(nd)) < 0)
				break;
			sent = time_monotonic_ns();
		}
		unsigned long fl = irq_save();
		irq_poll_all();
		irq_restore(fl);
		arch_relax();
	}
	nd->rx = saved;
	if (answered)
		printk("10.0.2.2 is at %02x:%02x:%02x:%02x:%02x:%02x\n", gw_mac[0], gw_mac[1],
		       gw_mac[2], gw_mac[3], gw_mac[4], gw_mac[5]);
	else if (r < 0)
		printk("cannot send (%d)\n", r);
	else
		printk("no ARP reply from 10.0.2.2 in 2 s\n");
}
