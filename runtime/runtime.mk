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
RT_CFLAGS := -std=gnu11 -Wall -Wextra -O2 -g \
             -ffreestanding -fno-pic -fno-pie $(RT_ARCH_CFLAGS_$(ARCH)) \
             -fno-stack-protector \
             -Iruntime/include -Iruntime/arch/$(ARCH)/include -I. -MMD -MP
RT_CROSS_x86_64  :=
RT_CROSS_riscv64 := riscv64-linux-gnu-
RT_CC ?= $(RT_CROSS_$(ARCH))gcc
RT_LD ?= $(RT_CROSS_$(ARCH))ld

# gcc would turn the loops of memset/memcpy into calls to themselves.
$(BA)/runtime/runtime/string.o: RT_CFLAGS += -fno-tree-loop-distribute-patterns

$(BA)/runtime/%.o: %.c
	@mkdir -p $(@D)
	$(RT_CC) $(RT_CFLAGS) -c -o $@ $<

$(BA)/runtime/%.o: %.S
	@mkdir -p $(@D)
	$(RT_CC) $(RT_CFLAGS) -c -o $@ $<

# riscv64 without Zbb has no count-trailing-zeros instruction: gcc calls
# libgcc's __ctzdi2 for __builtin_ctzll, so the kernel takes what it needs
# from libgcc (ld -r pulls only the members it refers to).
RT_LIBS_riscv64 = $(shell $(RT_CC) -print-libgcc-file-name)
# Each system call of the table is exported as __ukl_sys_<nr>, an alias of
# its handler that ld -r defines (runtime/syscall-exports.sh).
RT_SYSEXP := $(BA)/runtime/syscall-exports
$(RT_SYSEXP).S: $(BA)/runtime/runtime/syscall.o runtime/syscall-exports.sh
	runtime/syscall-exports.sh $(RT_CROSS_$(ARCH))readelf $< $(RT_SYSEXP)
$(RT_SYSEXP).defsym: $(RT_SYSEXP).S ;
$(RT_SYSEXP).o: $(RT_SYSEXP).S
	$(RT_CC) -c -o $@ $<
$(BA)/vmlinux.o: $(RT_OBJS) $(RT_SYSEXP).o $(RT_SYSEXP).defsym
	$(RT_LD) -r -o $@ $(filter %.o,$^) $(RT_LIBS_$(ARCH)) @$(RT_SYSEXP).defsym

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
