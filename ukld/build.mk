# SPDX-License-Identifier: MIT
# ukld/build.mk: the link-time tool $(UKLD_BIN), built for the host.
# Its sources: ukld/*.c and the link-time halves of the two cross-cutting
# features, tls/link.c and ctors/link.c.  The linker script templates in lds/
# are built in (ukld/templates.S), so the binary needs no data files.
#
# SANITIZE=1 builds it with AddressSanitizer and UndefinedBehaviorSanitizer,
# apart from the normal build: objects in $(B)/host-san, the tool as
# $(B)/bin-san/ukld (beside bin/, so it finds ../<arch>/sysroot as
# bin/ukld does).  Switching between the two never mixes objects and
# rebuilds nothing else (the kernel, musl).
ifeq ($(SANITIZE),1)
HOSTB    := $(B)/host-san
UKLD_BIN := $(B)/bin-san/ukld
else
HOSTB    := $(B)/host
UKLD_BIN := $(BIN)/ukld
endif
UKLD_SRCS := $(sort $(wildcard ukld/*.c ukld/elf/*.c ukld/arch/*/*.c)) tls/link.c ctors/link.c
UKLD_OBJS := $(patsubst %.c,$(HOSTB)/%.o,$(UKLD_SRCS)) $(HOSTB)/ukld/templates.o
UKLD_LIBS := -lelf -ldw -lcapstone
UKLD_CFLAGS := $(HOSTCFLAGS) -D_GNU_SOURCE -Iukld -Iruntime/include
ifeq ($(SANITIZE),1)
UKLD_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
UKLD_LDFLAGS += -fsanitize=address,undefined
endif

$(UKLD_BIN): $(UKLD_OBJS) | deps
	@mkdir -p $(@D)
	$(HOSTCC) $(UKLD_LDFLAGS) -o $@ $(UKLD_OBJS) $(UKLD_LIBS)

$(HOSTB)/%.o: %.c | deps
	@mkdir -p $(@D)
	$(HOSTCC) $(UKLD_CFLAGS) -MMD -MP -c -o $@ $<

$(HOSTB)/ukld/templates.o: ukld/templates.S $(wildcard lds/*.lds.in) | deps
	@mkdir -p $(@D)
	$(HOSTCC) -I. -c -o $@ $<

-include $(UKLD_OBJS:.o=.d)
