# SPDX-License-Identifier: MIT
# tests/tests.mk: `make test` builds everything the tests use, then runs
# tests/run.sh, which ends with `N passed, N failed`.
#   make test TESTS="tests/boot/hello.sh ..."   run only those
#   make test SANITIZE=1                        ukld built with ASan+UBSan
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/host/tests/%,$(UNIT_SRCS))
UKLD_LIB_OBJS := $(filter-out $(B)/host/ukld/main.o,$(UKLD_OBJS))

$(B)/host/tests/%: tests/unit/%.c $(UKLD_LIB_OBJS) | deps
	@mkdir -p $(@D)
	$(HOSTCC) $(UKLD_CFLAGS) $(UKLD_LDFLAGS) -o $@ $< $(UKLD_LIB_OBJS) $(UKLD_LIBS)

.PHONY: test test-build
test-build: all $(BIN)/ukl-run examples $(UNIT_BINS)
test: test-build
	B=$(B) bash tests/run.sh $(TESTS)
