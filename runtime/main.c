/* SPDX-License-Identifier: MIT */
/*
 * The kernel's boot, after the arch entry code (arch/<arch>/head.S) has
 * turned on paging and found a stack.  Each step only relies on the ones
 * before it.
 */
#include <ukl/arch.h>
#include <ukl/boot.h>
#include <ukl/cmdline.h>
#include <ukl/drivers.h>
#include <ukl/fs.h>
#include <ukl/mm.h>
#include <ukl/net.h>
#include <ukl/proc.h>
#include <ukl/random.h>
#include <ukl/thread.h>
#include <ukl/time.h>

static struct boot_info boot;

__noreturn void kmain(uintptr_t boot_arg);
void kmain(uintptr_t boot_arg)
{
	/* The serial console first, so every later step can report. */
	console_init();
	/* Descriptor tables and exception vectors: a fault now prints a report. */
	trap_init();
	/* What the boot loader handed over: command line and RAM map. */
	boot_info_init(boot_arg, &boot);
	/* The command line: the kernel's parameters, the program's words. */
	cmdline_init(boot.cmdline);
	/* Floating point and SIMD: the application's libc uses SSE. */
	fpu_init();
	/* The `syscall` instruction, executed by the application at ring 0. */
	syscall_insn_init();
	/* Physical frames: the RAM above the image. */
	pmm_init(&boot);
	/* Kernel page tables: the image by its segments (W^X), the boot
	 * identity map gone, so NULL faults. */
	mmu_init();
	/* Clocks: counter frequency, wall time at boot. */
	time_init();
	/* Random numbers for AT_RANDOM and getrandom. */
	random_init();
	/* The application's address space, its stack mapped. */
	vm_init();
	/* Files: the initrd's tree, /tmp, /dev; descriptors 0-2 the console. */
	fs_init(&boot);
	/* The boot thread becomes the main thread; interrupts on. */
	sched_init();
	/* Devices: PCI and virtio-mmio, a NIC registered as a netdev. */
	drivers_init(&boot);
	/* The network: interfaces up, DHCP started (not waited for). */
	net_init();
	/* Start the application like a process; it ends with exit_group. */
	proc_start();
}
