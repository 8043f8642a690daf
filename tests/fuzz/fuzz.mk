# SPDX-License-Identifier: MIT
# tests/fuzz/fuzz.mk: `make fuzz` builds libFuzzer harnesses of ukld's
# readers with clang (ASan + UBSan, objects in $(B)/host-fuzz) and runs each
# for FUZZ_TIME seconds (default 60) from a seed corpus:
#   fuzz_input  an object or archive: input.c, the kernel note, check.c
#   fuzz_link   an application object or archive with the real kernel: load,
#               kernel, resolve, prefix, script (no linker run)
#   fuzz_image  a linked image: ukld verify (verify.c, tls/link.c, ctors/link.c)
#               and ukld image (flat.c)
# Seeds: tests/bad/make-corpus, a small image linked here, and every input
# kept in tests/fuzz/regress/.  A crash stops make fuzz and leaves the input
# in $(B)/host-fuzz/crash-*; fix the bug and keep the input in
# tests/fuzz/regress/{input,image}/, which make test runs
# (tests/fuzz/regress.sh).  Not part of make test; `make fuzz-smoke` (CI)
# runs each harness once over its seeds.
FUZZ_TIME ?= 60
FUZZ_CC   ?= clang
FUZZB     := $(B)/host-fuzz
FUZZ_SRCS := $(filter-out ukld/main.c ukld/sanitize.c,$(UKLD_SRCS)) tests/fuzz/fuzz_common.c
FUZZ_OBJS := $(patsubst %.c,$(FUZZB)/%.o,$(FUZZ_SRCS)) $(FUZZB)/ukld/templates.o
FUZZ_CFLAGS := -std=gnu11 -O1 -g -D_GNU_SOURCE -Iukld -Iruntime/include -Itests/fuzz \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
FUZZ_OPTS := -max_total_time=$(FUZZ_TIME) -close_fd_mask=3 -timeout=20 -rss_limit_mb=2048

$(FUZZB)/%.o: %.c | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<
$(FUZZB)/ukld/templates.o: ukld/templates.S $(wildcard lds/*.lds.in) | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) -I. -c -o $@ $<
FUZZ_HARNESSES := $(FUZZB)/fuzz_input $(FUZZB)/fuzz_link $(FUZZB)/fuzz_image
# The harness objects are intermediate to make: keep them.
.SECONDARY: $(patsubst $(FUZZB)/%,$(FUZZB)/tests/fuzz/%.o,$(FUZZ_HARNESSES))
$(FUZZB)/fuzz_%: $(FUZZB)/tests/fuzz/fuzz_%.o $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(UKLD_LIBS)

$(FUZZB)/seed/.done: tests/bad/make-corpus tests/verify/make-bad-images $(UKLD_BIN) $(BA)/vmlinux.o $(wildcard tests/fuzz/regress/*/*)
	rm -rf $(FUZZB)/seed && mkdir -p $(FUZZB)/seed/input $(FUZZB)/seed/image
	bash tests/bad/make-corpus $(FUZZB)/seed/input >/dev/null
	rm -rf $(FUZZB)/seed/input/pair $(FUZZB)/seed/input/*.c
	$(UKLD_BIN) -nostdlib $(FUZZB)/seed/input/good.o $(BA)/vmlinux.o -o $(FUZZB)/seed/image/small
	# Images verify must refuse: sizes past what the runtime maps, notes,
	# truncation (tests/verify/make-bad-images).
	bash tests/verify/make-bad-images $(FUZZB)/seed/image/small $(FUZZB)/seed/image/bad
	for f in $(FUZZB)/seed/image/bad/*; do mv $$f $(FUZZB)/seed/image/small-$${f##*/}; done
	rmdir $(FUZZB)/seed/image/bad
	# riscv64's hello, stripped, for the flat Image (when it is built).
	[ ! -f $(B)/riscv64/examples/hello/vmlinux ] || riscv64-linux-gnu-strip \
	    -o $(FUZZB)/seed/image/riscv64-hello $(B)/riscv64/examples/hello/vmlinux
	cp tests/fuzz/regress/input/* $(FUZZB)/seed/input/ 2>/dev/null || true
	cp tests/fuzz/regress/image/* $(FUZZB)/seed/image/ 2>/dev/null || true
	touch $@

.PHONY: fuzz fuzz-build fuzz-smoke
fuzz-build: $(FUZZ_HARNESSES) $(FUZZB)/seed/.done
# Each harness once over its seeds, no mutation (-runs=0): the same every
# time, for CI (.ci/run), which so builds the harnesses and runs them.
fuzz-smoke: fuzz-build
	$(FUZZB)/fuzz_input -runs=0 -close_fd_mask=3 $(FUZZB)/seed/input
	UKLD_FUZZ_KERNEL=$(BA)/vmlinux.o $(FUZZB)/fuzz_link -runs=0 -close_fd_mask=3 $(FUZZB)/seed/input
	$(FUZZB)/fuzz_image -runs=0 -close_fd_mask=3 $(FUZZB)/seed/image
fuzz: fuzz-build
	@mkdir -p $(FUZZB)/corpus/input $(FUZZB)/corpus/link $(FUZZB)/corpus/image
	$(FUZZB)/fuzz_input $(FUZZ_OPTS) -max_len=65536 -artifact_prefix=$(FUZZB)/crash-input- \
	    $(FUZZB)/corpus/input $(FUZZB)/seed/input
	UKLD_FUZZ_KERNEL=$(BA)/vmlinux.o $(FUZZB)/fuzz_link $(FUZZ_OPTS) -max_len=65536 \
	    -artifact_prefix=$(FUZZB)/crash-link- $(FUZZB)/corpus/link $(FUZZB)/seed/input
	$(FUZZB)/fuzz_image $(FUZZ_OPTS) -artifact_prefix=$(FUZZB)/crash-image- \
	    $(FUZZB)/corpus/image $(FUZZB)/seed/image

# The harnesses' objects too: they include ukld.h, whose structs they fill.
FUZZ_HARNESS_OBJS := $(patsubst $(FUZZB)/%,$(FUZZB)/tests/fuzz/%.o,$(FUZZ_HARNESSES))
-include $(FUZZ_OBJS:.o=.d) $(FUZZ_HARNESS_OBJS:.o=.d)
