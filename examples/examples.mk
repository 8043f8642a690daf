# SPDX-License-Identifier: MIT
# examples/examples.mk: each examples/NAME/*.c is compiled with ukl-cc into
# $(BA)/examples/NAME/app.a and linked by ukld with the runtime kernel into
#   $(BA)/examples/NAME/vmlinux       (GNU ld)
#   $(BA)/examples/NAME/vmlinux.lld   (ld.lld)
# and, on riscv64, by the same ukld run, the flat Image of each (--image):
#   $(BA)/examples/NAME/Image         (from vmlinux)
#   $(BA)/examples/NAME/Image.lld     (from vmlinux.lld)
# Real programs built by their own build systems bring their own fragment,
# examples/NAME/NAME.mk (lua, sqlite), and have no .c file here.
EXAMPLES := $(patsubst %/,%,$(subst examples/,,$(dir $(wildcard examples/*/*.c))))

# $(call example_flat,DIR,SUFFIX): the flat Image beside DIR/vmlinux$(SUFFIX),
# riscv64 only (x86_64 boots its ELF through the PVH note).
example_flat = $(if $(filter riscv64,$(ARCH)),$(1)/Image$(2))

# $(call flat_of,DIR/vmlinux): the command that writes the flat Image beside
# it (riscv64), for the images a project's own build linked (ukld image).
flat_of = $(addprefix $(UKLD_BIN) image $(1) -o ,$(call example_flat,$(patsubst %/,%,$(dir $(1)))))

# One ukld run writes the ELF and the flat Image: a grouped target (&:).
define example_rules
$(BA)/examples/$(1)/%.o: examples/$(1)/%.c $(UKL_CC) $(MUSL_LIBC)
	@mkdir -p $$(@D)
	$(UKL_CC) -O2 -g -Wall -Wextra -c -o $$@ $$<
$(BA)/examples/$(1)/app.a: $(patsubst examples/$(1)/%.c,$(BA)/examples/$(1)/%.o,$(wildcard examples/$(1)/*.c))
	rm -f $$@
	ar rcs $$@ $$^
$(BA)/examples/$(1)/vmlinux $(call example_flat,$(BA)/examples/$(1)) &: $(BA)/examples/$(1)/app.a $(BA)/vmlinux.o $(UKLD_BIN)
	$(UKLD_BIN) --name $(1) $$< $(BA)/vmlinux.o -o $(BA)/examples/$(1)/vmlinux \
	    $(addprefix --image ,$(call example_flat,$(BA)/examples/$(1)))
$(BA)/examples/$(1)/vmlinux.lld $(call example_flat,$(BA)/examples/$(1),.lld) &: $(BA)/examples/$(1)/app.a $(BA)/vmlinux.o $(UKLD_BIN)
	$(UKLD_BIN) --linker=lld --name $(1) $$< $(BA)/vmlinux.o -o $(BA)/examples/$(1)/vmlinux.lld \
	    $(addprefix --image ,$(call example_flat,$(BA)/examples/$(1),.lld))
endef
$(foreach e,$(sort $(EXAMPLES)),$(eval $(call example_rules,$(e))))

.PHONY: examples
examples: $(foreach e,$(sort $(EXAMPLES)),$(BA)/examples/$(e)/vmlinux $(BA)/examples/$(e)/vmlinux.lld \
	$(call example_flat,$(BA)/examples/$(e)) $(call example_flat,$(BA)/examples/$(e),.lld))

# $(call or_show,LOG): ends a recipe line whose output went to LOG: if it
# failed, LOG's last lines and where the rest is, and the rule fails.
or_show = || { tail -20 $(1) >&2; echo "see $(1)" >&2; exit 1; }

# The ukld that ukl-cc runs ($$UKLD) in the builds of the real programs;
# make bench sets it to bench/ukld-record to learn their command lines.
EXAMPLES_UKLD ?= $(abspath $(UKLD_BIN))
include $(wildcard examples/*/*.mk)
examples: lua sqlite bzip2 zstd redis nginx
