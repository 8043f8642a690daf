# The kernel runtime: $(BA)/vmlinux.o, one relocatable object that ukld links
# with the application.  Common code in runtime/, architecture code in
# runtime/arch/$(ARCH)/, and the runtime halves of TLS and constructors.

RT_SRCS := $(wildcard runtime/*.c runtime/*.S runtime/fs/*.c runtime/net/*.c) \
           $(wildcard runtime/drivers/*.c runtime/drivers/*/*.c) \
           $(wildcard runtime/arch/$(ARCH)/*.c runtime/arch/$(ARCH)/*.S) \
           tls/runtime.c ctors/runtime.c
RT_OBJS := $(patsubst %,$(BA)/runtime/%.o,$(basename $(RT_SRCS)))

# Freestanding, in the top 2 GiB, no floating point or vector code in the
# kernel (the application owns those registers; nothing saves them).
# x86_64: -mcmodel=kernel, no red zone (exceptions and `syscall` at ring 0
# push on the current stack).  riscv64: -mcmodel=medany (PC-relative, any
# 2 GiB window), -mno-relax (ld.lld 14 cannot relax); it keeps the lp64d ABI
# of the application's objects (the linkers refuse to mix float ABIs), and
# its integer C code does not use the F/D registers.
RT_ARCH_CFLAGS_x86_64  := -mno-red-zone -mcmodel=kernel -mgeneral-regs-only
RT_ARCH_CFLAGS_riscv64 := -mcmodel=medany -mno-relax
# Every function and object in a section of its own: ukld links with
# --gc-sections, so an image carries only the kernel code its program can
# reach (no socket call, no network stack).  No unwind tables: nothing in
# the kernel unwinds (a fault report names the function from .ukl.ksyms and
# prints the words at the stack pointer), so .eh_frame would be dead bytes
# in every image; -g's .debug_frame still lets a debugger unwind.
RT_CFLAGS := -std=gnu11 -Wall -Wextra -g \
             -ffreestanding -fno-pic -fno-pie $(RT_ARCH_CFLAGS_$(ARCH)) \
             -fno-stack-protector -ffunction-sections -fdata-sections \
             -fno-asynchronous-unwind-tables -fno-unwind-tables \
             -Iruntime/include -Iruntime/arch/$(ARCH)/include -I. -MMD -MP

# Built for size (-Os), but for the paths a program's speed rests on (-O2):
# system calls' common code and the I/O ones, the scheduler, threads and
# futexes, memcpy and friends, the virtio queues and drivers, the socket
# layer and lwIP (runtime/net/lwip.mk).  Boot, probing, the files' set-up,
# printf and the fault report run once or rarely.
RT_OPT := -Os
RT_HOT := runtime/syscall.c runtime/sys_io.c runtime/sched.c runtime/thread.c \
          runtime/futex.c runtime/string.c runtime/fs/file.c runtime/fs/pipe.c \
          runtime/fs/epoll.c runtime/fs/select.c \
          $(wildcard runtime/drivers/virtio/*.c runtime/net/*.c) \
          runtime/irq.c $(addprefix runtime/arch/$(ARCH)/,thread.c fpu.c time.c sys_arch.c syscall_insn.c)
$(patsubst %,$(BA)/runtime/%.o,$(basename $(RT_HOT))): RT_OPT := -O2
RT_CROSS_x86_64  :=
RT_CROSS_riscv64 := riscv64-linux-gnu-
RT_CC ?= $(RT_CROSS_$(ARCH))gcc
RT_LD ?= $(RT_CROSS_$(ARCH))ld

# gcc would turn the loops of memset/memcpy into calls to themselves.
$(BA)/runtime/runtime/string.o: RT_CFLAGS += -fno-tree-loop-distribute-patterns

$(BA)/runtime/%.o: %.c
	@mkdir -p $(@D)
	$(RT_CC) $(RT_OPT) $(RT_CFLAGS) -c -o $@ $<

$(BA)/runtime/%.o: %.S
	@mkdir -p $(@D)
	$(RT_CC) $(RT_CFLAGS) -c -o $@ $<

# riscv64 without Zbb has no count-trailing-zeros instruction: gcc calls
# libgcc's __ctzdi2 for __builtin_ctzll, so the kernel takes what it needs
# from libgcc (ld -r pulls only the members it refers to).
RT_LIBS_riscv64 = $(shell $(RT_CC) -print-libgcc-file-name)
# ld -r would join the sections of one name from every file into one, which
# --gc-sections then keeps or drops as a whole: the string literals of all
# the files, every initcall entry (ukl/initcall.h).  --unique keeps each
# file's own (the functions and objects have names of their own already).
RT_LD_UNIQUE := $(foreach s,.text .rodata .rodata.str* .rodata.cst* .data .bss \
                  .sdata .sbss .srodata* .ukl.initcall,'--unique=$(s)')
# Each system call of the table is exported as __ukl_sys_<nr>, an alias of
# its handler that ld -r defines (runtime/syscall-exports.sh).
RT_SYSEXP := $(BA)/runtime/syscall-exports
$(RT_SYSEXP).S: $(BA)/runtime/runtime/syscall.o runtime/syscall-exports.sh
	runtime/syscall-exports.sh $(RT_CROSS_$(ARCH))readelf $< $(RT_SYSEXP)
$(RT_SYSEXP).defsym: $(RT_SYSEXP).S ;
$(RT_SYSEXP).o: $(RT_SYSEXP).S
	$(RT_CC) -c -o $@ $<
$(BA)/vmlinux.o: $(RT_OBJS) $(RT_SYSEXP).o $(RT_SYSEXP).defsym
	$(RT_LD) -r $(RT_LD_UNIQUE) -o $@ $(filter %.o,$^) $(RT_LIBS_$(ARCH)) @$(RT_SYSEXP).defsym

# The TCP/IP stack (lwIP from Debian's source) goes into vmlinux.o too.
include runtime/net/lwip.mk

$(BIN)/ukl-run: ukld/ukl-run
	@mkdir -p $(@D)
	cp $< $@
	chmod +x $@

# ukl-run's helper: the host's TSC rate, for the guest's ukl.tsc_khz=.
$(BIN)/ukl-tsc-khz: ukld/helpers/ukl-tsc-khz.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $<
$(BIN)/ukl-run: | $(BIN)/ukl-tsc-khz

all: $(BIN)/ukl-run
.PHONY: runtime
runtime: $(BA)/vmlinux.o $(BIN)/ukl-run

-include $(RT_OBJS:.o=.d)
