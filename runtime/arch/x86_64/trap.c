/* SPDX-License-Identifier: MIT */
/*
 * Exceptions.  A page fault where the application stack is not mapped yet
 * maps it (vm_fault) and the instruction runs again.  Anything else is the
 * fault report: which exception, where (function+offset from the
 * .ukl.ksyms table ukld fills), the registers; then UKL_EXIT_FAULT.
 * There are no signals to deliver: a fault in the application ends it, as
 * SIGSEGV would end a process without a handler.
 */
#include <arch/x86.h>
#include <arch/desc.h>
#include <ukl/arch.h>
#include <ukl/contract.h>
#include <ukl/ksyms.h>
#include <ukl/sched.h>
#include <ukl/kernel.h>
#include <ukl/mm.h>
#include <arch/vm_layout.h>

static const char *const vector_names[32] = {
	[0] = "#DE divide error",          [1] = "#DB debug",
	[2] = "NMI",                       [3] = "#BP breakpoint",
	[4] = "#OF overflow",              [5] = "#BR bound range exceeded",
	[6] = "#UD invalid opcode",        [7] = "#NM device not available",
	[8] = "#DF double fault",          [9] = "coprocessor segment overrun",
	[10] = "#TS invalid TSS",          [11] = "#NP segment not present",
	[12] = "#SS stack-segment fault",  [13] = "#GP general protection",
	[14] = "#PF page fault",           [15] = "reserved 15",
	[16] = "#MF x87 floating-point",   [17] = "#AC alignment check",
	[18] = "#MC machine check",        [19] = "#XM SIMD floating-point",
	[20] = "#VE virtualization",       [21] = "#CP control protection",
	[22] = "reserved 22",              [23] = "reserved 23",
	[24] = "reserved 24",              [25] = "reserved 25",
	[26] = "reserved 26",              [27] = "reserved 27",
	[28] = "#HV hypervisor injection", [29] = "#VC VMM communication",
	[30] = "#SX security",             [31] = "reserved 31",
};

/* Print addr with its function; if only_named, only when it has one. */
static void print_where(const char *what, uint64_t addr, bool only_named)
{
	char sym[UKL_KSYMS_NAME_MAX + 48];

	ksym_format(sym, sizeof(sym), addr);
	if (!only_named || sym[0])
		printk("%s %016lx %s\n", what, (unsigned long)addr, sym);
}

/* What a page fault most likely is, from its error code and address. */
static const char *page_fault_cause(uint64_t addr, uint64_t err, uint64_t sp)
{
	uint64_t stack_bottom = VM_STACK_TOP - VM_STACK_SIZE;

	if (addr < PAGE_SIZE)
		return err & 16 ? "call through a NULL pointer" : "NULL pointer dereference";
	if ((err & 17) == 17)
		return "instruction fetch from non-executable memory (NX)";
	if ((err & 3) == 3)
		return "write to read-only memory";
	if (!(err & 1) && addr >= stack_bottom - 16 * PAGE_SIZE && addr < stack_bottom)
		return "application stack overflow (the guard page below the stack)";
	/* musl's thread stacks have a PROT_NONE guard page below them. */
	if (!(err & 1) && arch_page_mapped(addr))
		return addr + PAGE_SIZE > sp && addr < sp + PAGE_SIZE
		       ? "thread stack overflow (the PROT_NONE guard page below the stack)"
		       : "access to a PROT_NONE page";
	return NULL;
}

static __noreturn void trap_report(struct trap_frame *f)
{
	static int nesting;

	if (nesting++) {
		printk("\nukl: fault %lu at %016lx while reporting a fault\n",
		       (unsigned long)f->vector, (unsigned long)f->rip);
		arch_exit(UKL_EXIT_FAULT);
	}
	printk("\nukl: fault: %s (vector %lu) error %#lx in thread %d\n",
	       vector_names[f->vector & 31], (unsigned long)f->vector,
	       (unsigned long)f->error, sched_tid());
	print_where("RIP", f->rip, false);
	if (f->vector == 14) {
		uint64_t cr2 = read_cr2();
		const char *cause = page_fault_cause(cr2, f->error, f->rsp);
		printk("CR2 %016lx (%s, %s%s)\n", (unsigned long)cr2,
		       f->error & 1 ? "protection" : "not present",
		       f->error & 2 ? "write" : "read",
		       f->error & 16 ? ", instruction fetch" : "");
		if (cause)
			printk("ukl: %s\n", cause);
	}
	printk("RAX %016lx RBX %016lx RCX %016lx\n", f->rax, f->rbx, f->rcx);
	printk("RDX %016lx RSI %016lx RDI %016lx\n", f->rdx, f->rsi, f->rdi);
	printk("RBP %016lx RSP %016lx R8  %016lx\n", f->rbp, f->rsp, f->r8);
	printk("R9  %016lx R10 %016lx R11 %016lx\n", f->r9, f->r10, f->r11);
	printk("R12 %016lx R13 %016lx R14 %016lx\n", f->r12, f->r13, f->r14);
	printk("R15 %016lx RFLAGS %08lx CS %02lx SS %02lx\n", f->r15, f->rflags,
	       f->cs, f->ss);
	/* Without frame pointers there is no reliable backtrace; the word at
	 * the stack top is the caller when the fault hit a function's first
	 * instructions (a call through a bad pointer, for one). */
	if (!(f->rsp & 7) && arch_virt_to_phys(f->rsp))
		print_where("[RSP]", *(uint64_t *)f->rsp, true);
	arch_exit(UKL_EXIT_FAULT);
}

void trap_handler(struct trap_frame *f);
void trap_handler(struct trap_frame *f)
{
	/* Error code bit 0 clear: the page was not present. */
	if (f->vector == 14 && !(f->error & 1) && vm_fault(read_cr2()))
		return;
	trap_report(f);
}
