# SPDX-License-Identifier: MIT
# ukld/ukld.mk: the link-time tool $(BIN)/ukld, built for the host.
# Its sources: ukld/*.c and the link-time halves of the two cross-cutting
# features, tls/link.c and ctors/link.c.  The linker script templates in lds/
# are built in (ukld/templates.S), so the binary needs no data files.
#
# SANITIZE=1 builds it with AddressSanitizer and UndefinedBehaviorSanitizer.
UKLD_SRCS := $(sort $(wildcard ukld/*.c)) tls/link.c ctors/link.c
UKLD_OBJS := $(patsubst %.c,$(B)/host/%.o,$(UKLD_SRCS)) $(B)/host/ukld/templates.o
UKLD_LIBS := -lelf -ldw -lcapstone
UKLD_CFLAGS := $(HOSTCFLAGS) -D_GNU_SOURCE -Iukld -Iruntime/include
ifeq ($(SANITIZE),1)
UKLD_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
UKLD_LDFLAGS += -fsanitize=address,undefined
endif

$(BIN)/ukld: $(UKLD_OBJS) | deps
	@mkdir -p $(@D)
	$(HOSTCC) $(UKLD_LDFLAGS) -o $@ $(UKLD_OBJS) $(UKLD_LIBS)

$(B)/host/%.o: %.c | deps
	@mkdir -p $(@D)
	$(HOSTCC) $(UKLD_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/host/ukld/templates.o: ukld/templates.S $(wildcard lds/*.lds.in) | deps
	@mkdir -p $(@D)
	$(HOSTCC) -I. -c -o $@ $<

-include $(UKLD_OBJS:.o=.d)
