# SPDX-License-Identifier: MIT
# examples/examples.mk: each examples/NAME/*.c is compiled with ukl-cc into
# $(BA)/examples/NAME/app.a and linked by ukld with the runtime kernel into
#   $(BA)/examples/NAME/vmlinux       (GNU ld)
#   $(BA)/examples/NAME/vmlinux.lld   (ld.lld)
# Real programs built by their own build systems bring their own fragment,
# examples/NAME/NAME.mk (lua, sqlite), and have no .c file here.
EXAMPLES := $(patsubst %/,%,$(subst examples/,,$(dir $(wildcard examples/*/*.c))))

define example_rules
$(BA)/examples/$(1)/%.o: examples/$(1)/%.c $(UKL_CC) $(MUSL_LIBC)
	@mkdir -p $$(@D)
	$(UKL_CC) -O2 -g -Wall -Wextra -c -o $$@ $$<
$(BA)/examples/$(1)/app.a: $(patsubst examples/$(1)/%.c,$(BA)/examples/$(1)/%.o,$(wildcard examples/$(1)/*.c))
	rm -f $$@
	ar rcs $$@ $$^
$(BA)/examples/$(1)/vmlinux: $(BA)/examples/$(1)/app.a $(BA)/vmlinux.o $(UKLD_BIN)
	$(UKLD_BIN) --name $(1) $$< $(BA)/vmlinux.o -o $$@
$(BA)/examples/$(1)/vmlinux.lld: $(BA)/examples/$(1)/app.a $(BA)/vmlinux.o $(UKLD_BIN)
	$(UKLD_BIN) --linker=lld --name $(1) $$< $(BA)/vmlinux.o -o $$@
endef
$(foreach e,$(sort $(EXAMPLES)),$(eval $(call example_rules,$(e))))

.PHONY: examples
examples: $(foreach e,$(sort $(EXAMPLES)),$(BA)/examples/$(e)/vmlinux $(BA)/examples/$(e)/vmlinux.lld)

# The ukld that ukl-cc runs ($$UKLD) in the builds of the real programs;
# make bench sets it to bench/ukld-record to learn their command lines.
EXAMPLES_UKLD ?= $(abspath $(UKLD_BIN))
include $(wildcard examples/*/*.mk)
examples: lua sqlite
