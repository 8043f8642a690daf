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
#include <ukl/initcall.h>
#include <ukl/mm.h>
#include <ukl/proc.h>
#include <ukl/random.h>
#include <ukl/thread.h>
#include <ukl/time.h>

static struct boot_info boot;

/* The table the linker script gathers, of the entries some kept code
 * refers to. */
extern const struct initcall __ukl_initcalls_start[], __ukl_initcalls_end[];
_Static_assert(sizeof(struct initcall) == 16, "the script's table is of 16-byte entries");

void initcalls_run(unsigned level)
{
	for (const struct initcall *c = __ukl_initcalls_start; c < __ukl_initcalls_end; c++)
		if (c->level == level)
			c->fn();
}

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
	/* The optional parts (ukl/initcall.h), in an image whose program can
	 * reach them: before the devices, their drivers (the network's NIC). */
	initcalls_run(INITCALL_DEVICES);
	/* Devices: PCI and virtio-mmio, a NIC registered as a netdev. */
	drivers_init(&boot);
	/* The optional parts' steps that need the devices (the network:
	 * interfaces up, DHCP started, not waited for). */
	initcalls_run(INITCALL_LATE);
	/* Start the application like a process; it ends with exit_group. */
	proc_start();
}
