# The kernel runtime: $(BA)/vmlinux.o, one relocatable object that ukld links
# with the application.  Common code in runtime/, architecture code in
# runtime/arch/$(ARCH)/, and the runtime halves of TLS and constructors.

RT_SRCS := $(wildcard runtime/*.c runtime/*.S runtime/fs/*.c) \
           $(wildcard runtime/arch/$(ARCH)/*.c runtime/arch/$(ARCH)/*.S) \
           tls/runtime.c ctors/runtime.c
RT_OBJS := $(patsubst %,$(BA)/runtime/%.o,$(basename $(RT_SRCS)))

# Freestanding, in the top 2 GiB (-mcmodel=kernel), no red zone (exceptions
# and `syscall` at ring 0 push on the current stack), no SSE in the kernel
# (the application owns those registers; nothing saves them).
RT_CFLAGS := -std=gnu11 -Wall -Wextra -O2 -g \
             -ffreestanding -fno-pic -fno-pie -mno-red-zone -mcmodel=kernel \
             -mgeneral-regs-only -fno-stack-protector \
             -Iruntime/include -Iruntime/arch/$(ARCH)/include -I. -MMD -MP
RT_CC ?= gcc
RT_LD ?= ld

# gcc would turn the loops of memset/memcpy into calls to themselves.
$(BA)/runtime/runtime/string.o: RT_CFLAGS += -fno-tree-loop-distribute-patterns

$(BA)/runtime/%.o: %.c
	@mkdir -p $(@D)
	$(RT_CC) $(RT_CFLAGS) -c -o $@ $<

$(BA)/runtime/%.o: %.S
	@mkdir -p $(@D)
	$(RT_CC) $(RT_CFLAGS) -c -o $@ $<

$(BA)/vmlinux.o: $(RT_OBJS)
	$(RT_LD) -r -o $@ $^

$(BIN)/ukl-run: ukld/ukl-run
	@mkdir -p $(@D)
	cp $< $@
	chmod +x $@

all: $(BIN)/ukl-run
.PHONY: runtime
runtime: $(BA)/vmlinux.o $(BIN)/ukl-run

-include $(RT_OBJS:.o=.d)
