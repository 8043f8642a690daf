/* SPDX-License-Identifier: MIT */
/*
 * Traps.  An interrupt (scause's top bit) goes to thread.c.  One of them is a system call: ukld rewrites each `ecall` left in
 * application code (which would go to the firmware) into `ebreak`, and a
 * breakpoint is served like the `ecall` it replaced (a7 = number, a0..a5 =
 * arguments, result in a0), then the instruction is stepped over: 4 bytes,
 * or 2 for a compressed c.ebreak.  A load or store page fault on the
 * application stack where it is not mapped yet maps it (vm_fault: the
 * stack is mapped as it is touched) and the instruction runs again; the
 * trap stack (trap_entry.S) is what a fault on the stack itself runs its
 * handler on.  Every other exception is the fault
 * report: the cause, sepc and stval, a page fault's likely cause, the
 * function names from the .ukl.ksyms table ukld fills (application names
 * unprefixed), the registers; then UKL_EXIT_FAULT.  There are no signals to deliver: a fault
 * ends the application, as SIGSEGV would end a process without a handler.
 */
#include <arch/riscv.h>
#include <arch/trap.h>
#include <ukl/arch.h>
#include <ukl/contract.h>
#include <ukl/ksyms.h>
#include <ukl/mm.h>
#include <ukl/sched.h>
#include <ukl/syscall.h>
#include <ukl/thread.h>
#include <arch/syscall_nr.h>
#include <arch/vm_layout.h>

#define TRAP_STACK_SIZE (64ul << 10)

extern char trap_entry[];
static uint8_t trap_stack[TRAP_STACK_SIZE] __attribute__((aligned(16), noinit));

static const char *const cause_names[16] = {
	[0] = "instruction address misaligned", [1] = "instruction access fault",
	[2] = "illegal instruction",            [3] = "breakpoint",
	[4] = "load address misaligned",        [5] = "load access fault",
	[6] = "store address misaligned",       [7] = "store access fault",
	[8] = "ecall from U-mode",              [9] = "ecall from S-mode",
	[12] = "instruction page fault",        [13] = "load page fault",
	[15] = "store page fault",
};

void trap_init(void)
{
	csr_write(sscratch, (uintptr_t)trap_stack + TRAP_STACK_SIZE);
	csr_write(stvec, (uintptr_t)trap_entry);
}

/* Print addr with its function; if only_named, only when it has one. */
static void print_where(const char *what, uint64_t addr, bool only_named)
{
	char sym[UKL_KSYMS_NAME_MAX + 48];

	ksym_format(sym, sizeof(sym), addr);
	if (!only_named || sym[0])
		printk("%-6s %016lx %s\n", what, (unsigned long)addr, sym);
}

/* What a page fault most likely is, from its cause, the address (stval)
 * and the entry that maps it now (0: none).  Every mapped page is readable
 * (Sv39 has no write-only pages and none is execute-only), so a load page
 * fault is always a missing page. */
static const char *page_fault_cause(uint64_t cause, uint64_t addr, uint64_t pte,
				    uint64_t sp)
{
	uint64_t stack_bottom = VM_STACK_TOP - VM_STACK_SIZE;

	if (addr < PAGE_SIZE)
		return cause == CAUSE_FETCH_PAGE_FAULT ? "call through a NULL pointer"
						       : "NULL pointer dereference";
	if (cause == CAUSE_FETCH_PAGE_FAULT && pte && !(pte & PTE_X))
		return "instruction fetch from non-executable memory (no X permission)";
	if (cause == CAUSE_STORE_PAGE_FAULT && pte && !(pte & PTE_W))
		return "write to read-only memory";
	if (!pte && addr >= stack_bottom - 16 * PAGE_SIZE && addr < stack_bottom)
		return "application stack overflow (the guard page below the stack)";
	/* musl's thread stacks have a PROT_NONE guard page below them. */
	if (!pte && arch_page_mapped(addr))
		return addr + PAGE_SIZE > sp && addr < sp + PAGE_SIZE
		       ? "thread stack overflow (the PROT_NONE guard page below the stack)"
		       : "access to a PROT_NONE page";
	return NULL;
}

static bool is_page_fault(uint64_t cause)
{
	return cause == CAUSE_FETCH_PAGE_FAULT || cause == CAUSE_LOAD_PAGE_FAULT ||
	       cause == CAUSE_STORE_PAGE_FAULT;
}

static __noreturn void trap_report(struct trap_frame *f)
{
	static int nesting;
	uint64_t cause = f->scause;
	const char *name = cause < ARRAY_SIZE(cause_names) ? cause_names[cause] : NULL;
	const uint64_t *r = &f->epc;
	static const char *const abi[32] = {
		"pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
		"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3",
		"s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
		"t5", "t6",
	};

	if (nesting++) {
		printk("\nukl: fault %lu at %016lx while reporting a fault\n",
		       (unsigned long)cause, (unsigned long)f->epc);
		arch_exit(UKL_EXIT_FAULT);
	}
	printk("\nukl: fault: %s (scause %lu) stval %016lx in thread %d\n",
	       name ? name : "unknown exception", (unsigned long)cause,
	       (unsigned long)f->stval, sched_tid());
	if (is_page_fault(cause)) {
		uint64_t pte = mmu_leaf(f->stval);
		const char *why = page_fault_cause(cause, f->stval, pte, f->sp);
		uint64_t page = f->stval & ~(uint64_t)(PAGE_SIZE - 1);
		if (pte)
			printk("page   %016lx mapped %c%c%c\n", (unsigned long)page,
			       pte & PTE_R ? 'r' : '-', pte & PTE_W ? 'w' : '-',
			       pte & PTE_X ? 'x' : '-');
		else if (arch_page_mapped(page))
			printk("page   %016lx mapped PROT_NONE\n", (unsigned long)page);
		else
			printk("page   %016lx not mapped\n", (unsigned long)page);
		if (why)
			printk("ukl: %s\n", why);
	}
	print_where("sepc", f->epc, false);
	print_where("ra", f->ra, true);
	for (int i = 1; i < 32; i++)
		printk("%-3s %016lx%s", abi[i], (unsigned long)r[i], i % 3 && i < 31 ? "  " : "\n");
	printk("sstatus %016lx\n", (unsigned long)f->sstatus);
	arch_exit(UKL_EXIT_FAULT);
}

void riscv_interrupt(uint64_t cause, uintptr_t *epc);
long riscv_syscall_clone(struct trap_frame *f);
void trap_handler(struct trap_frame *f);
void trap_handler(struct trap_frame *f)
{
	if ((int64_t)f->scause < 0) {
		riscv_interrupt(f->scause & ~(1ull << 63), (uintptr_t *)&f->epc);
		return;
	}
	if (f->scause == CAUSE_BREAKPOINT) {
		/* Instructions are 2-byte aligned: the low half is readable
		 * and says the length.  The return address is set first: a
		 * clone child starts from a copy of this frame. */
		uint16_t low = *(const uint16_t *)f->epc;
		struct sys_trap tr = { .insn = f->epc, .resume = (uintptr_t *)&f->epc, .regs = f };
		f->epc += (low & 3) == 3 ? 4 : 2;
		if (f->a7 == __NR_clone) {
			f->a0 = (uint64_t)riscv_syscall_clone(f);
			return;
		}
		/* A signal handler that runs before the call returns sees
		 * this frame and may set where it resumes (sys_signal.c). */
		struct thread *t = this_cpu()->cur;
		struct sys_trap *outer = t->sys_trap;
		t->sys_trap = &tr;
		long r = __ukl_syscall((long)f->a7, (long)f->a0, (long)f->a1, (long)f->a2,
				       (long)f->a3, (long)f->a4, (long)f->a5);
		if (this_cpu()->sig_work)
			signal_trap_return(r);
		f->a0 = (uint64_t)r;
		t->sys_trap = outer;
		return;
	}
	/* A page of the application stack touched for the first time: mapped
	 * (vm.c), and the instruction runs again. */
	if ((f->scause == CAUSE_LOAD_PAGE_FAULT || f->scause == CAUSE_STORE_PAGE_FAULT) &&
	    vm_fault(f->stval))
		return;
	trap_report(f);
}
