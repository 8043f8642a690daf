# SPDX-License-Identifier: MIT
# ctors/ctors.mk: C++ support, built per architecture when its g++ exists.
#   $(BIN)/ukl-c++                    ukl-cc in C++ mode (a link to it;
#                                     riscv64: riscv64-ukl-c++)
#   $(SYSROOT)/include/c++/new        the one C++ header (ctors/include/new)
#   $(SYSROOT)/lib/libukl-cxx.a       ctors/cxxabi.cc, linked by ukl-c++
UKL_CXX    := $(BIN)/$(if $(filter x86_64,$(ARCH)),,$(ARCH)-)ukl-c++
UKL_CXXABI := $(SYSROOT)/lib/libukl-cxx.a
UKL_CXXNEW := $(SYSROOT)/include/c++/new
HAVE_CXX   := $(if $(MUSL_CC),$(shell command -v $(MUSL_CROSS)g++))

$(UKL_CXX): $(UKL_CC)
	ln -sf $(notdir $(UKL_CC)) $@

$(UKL_CXXNEW): ctors/include/new $(MUSL_LIBC)
	@mkdir -p $(@D)
	cp $< $@

$(BA)/ctors/cxxabi.o: ctors/cxxabi.cc $(UKL_CXX) $(UKL_CXXNEW)
	@mkdir -p $(@D)
	UKL_ARCH=$(ARCH) $(UKL_CXX) -O2 -g -Wall -Wextra -c -o $@ $<

$(UKL_CXXABI): $(BA)/ctors/cxxabi.o
	rm -f $@
	$(MUSL_CROSS)ar rcs $@ $<

.PHONY: cxx
cxx: $(if $(HAVE_CXX),$(UKL_CXX) $(UKL_CXXNEW) $(UKL_CXXABI))
all: cxx
