# SPDX-License-Identifier: MIT
# tests/tests.mk: `make test` builds everything the tests use, then runs
# tests/run.sh, which ends with `N passed, N failed`.
#   make test TESTS="tests/boot/hello.sh ..."   run only those
#   make test SANITIZE=1                        ukld built with ASan+UBSan
#                                               (build/bin-san/ukld; tests get it as $UKLD)
#   make test TEST_ARCHES=x86_64                the architectures tested
#                                               (default: x86_64 riscv64)
# Each architecture's kernel, libc and examples are built by a sub-make with
# ARCH set; tests/run.sh runs every script once per architecture (see there).
TEST_ARCHES ?= x86_64 riscv64
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(HOSTB)/tests/%,$(UNIT_SRCS))
UKLD_LIB_OBJS := $(filter-out $(HOSTB)/ukld/main.o,$(UKLD_OBJS))

$(HOSTB)/tests/%: tests/unit/%.c $(UKLD_LIB_OBJS) | deps
	@mkdir -p $(@D)
	$(HOSTCC) $(UKLD_CFLAGS) $(UKLD_LDFLAGS) -o $@ $< $(UKLD_LIB_OBJS) $(UKLD_LIBS)

.PHONY: test test-build
# x86_64 also builds Linux (make linux, linux/linux.mk) for tests/linux/:
# once per fresh tree, then only when its inputs change.
# $(B)/bench/listen-backlog.so (bench/bench.mk): tests/real/redis.sh's QEMU.
test-build: all $(BIN)/ukl-run examples $(UNIT_BINS) $(if $(filter x86_64,$(ARCH)),linux) \
	    $(B)/bench/listen-backlog.so
test:
	$(foreach a,$(TEST_ARCHES),$(MAKE) ARCH=$(a) test-build &&) true
	B=$(B) UKLD=$(abspath $(UKLD_BIN)) UKL_HOSTB=$(HOSTB) UKL_ARCHES="$(TEST_ARCHES)" bash tests/run.sh $(TESTS)
