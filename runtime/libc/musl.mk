# SPDX-License-Identifier: MIT
# runtime/libc/musl.mk: musl from the Debian source package, rebuilt for the
# kernel (ring 0, top 2 GiB), installed as the sysroot $(SYSROOT); and the
# compiler wrapper $(BIN)/ukl-cc.  Included by the top-level Makefile.
#
# Targets:
#   musl            the sysroot for $(ARCH): include/, lib/{libc.a,crt1.o,
#                   crti.o,crtn.o,libgcc.a} (and musl's empty libm.a etc.);
#                   libgcc.a comes from builtins.mk
#   musl-check      sanity checks of the built libc.a (check-libc.sh)
#   $(BIN)/ukl-cc   the compiler wrapper (ukld/ukl-cc.in)
# Variables for other fragments:
#   SYSROOT, MUSL_LIBC, MUSL_CRT, MUSL_LIBGCC, UKL_CC
#   UKL_FETCH_SOURCE and the pattern rule $(B)/src/PKG_VERSION/.unpacked
#   (fetch and unpack any Debian source package, e.g. Lua, SQLite).
#
# Build chain, each step redone only when its inputs change:
#   1. $(B)/src/musl_$(MUSL_VERSION)/.unpacked: fetch-source.sh downloads the
#      source package with a private apt configuration ($(B)/apt) and unpacks
#      it with dpkg-source (Debian's patches applied).  Never modified.
#   2. $(MUSL_BUILD)/config: a fingerprint of everything that shapes the
#      build (package version, compiler, flags, files dropped); rewritten
#      only when it differs, so a flag change rebuilds and nothing else does.
#   3. $(MUSL_LIBC): copy the pristine tree to $(MUSL_BUILD)/tree, put our
#      syscall_arch.h in (with ukl_syscall_direct.h and the architecture's
#      system call numbers, runtime/arch/$(ARCH)/include/arch/syscall_list.h,
#      as ukl_syscall_list.h: the direct calls, one per number), drop the red-zone assembly, configure out of tree
#      in $(MUSL_BUILD)/obj, build, install into $(SYSROOT).
#
# Adding an architecture = a block of MUSL_*_<arch> variables below plus
# runtime/libc/<arch>/syscall_arch.h; the rules do not change.

SYSROOT     := $(BA)/sysroot
MUSL_LIBC   := $(SYSROOT)/lib/libc.a
MUSL_CRT    := $(addprefix $(SYSROOT)/lib/,crt1.o crti.o crtn.o)
MUSL_LIBGCC := $(SYSROOT)/lib/libgcc.a
# build/bin/ukl-cc compiles for x86_64, build/bin/riscv64-ukl-cc for riscv64.
UKL_CC      := $(BIN)/$(if $(filter x86_64,$(ARCH)),,$(ARCH)-)ukl-cc

MUSL_VERSION := 1.2.3-1
MUSL_SRC     := $(B)/src/musl_$(MUSL_VERSION)
MUSL_BUILD   := $(BA)/musl-build

# ---- per-architecture settings -------------------------------------------
# MUSL_TARGET_a  musl's --target
# MUSL_CROSS_a   the binutils/gcc prefix for that architecture ("" = native)
# UKL_KFLAGS_a   code-generation flags for code linked into the kernel; the
#                same flags go into ukl-cc (substituted at install)
# MUSL_DROP_a    files of the musl tree removed before the build, so that
#                musl's portable C version is used instead (see below)
MUSL_TARGET_x86_64 := x86_64
MUSL_CROSS_x86_64  :=
UKL_KFLAGS_x86_64  := -mno-red-zone -mcmodel=kernel -fno-pic -fno-pie
# The only musl x86_64 assembly that touches memory below %rsp (the red
# zone, which an interrupt taken in ring 0 overwrites):
#   src/fenv/x86_64/fenv.s      feclearexcept/feraiseexcept use -8(%rsp).
#       -> src/fenv/fenv.c: dummies.  fegetround() is always FE_TONEAREST,
#          fesetround() accepts the four modes but changes nothing,
#          fetestexcept() is always 0, fe[gs]etenv do nothing.
#   src/math/x86_64/exp2l.s     exp2l uses -4(%rsp); it also holds expm1l,
#   src/math/x86_64/expm1l.s    whose .s file is only a "see exp2l.s" stub.
#       -> src/math/exp2l.c and src/math/expm1l.c (portable long double
#          code, same results within the usual ulp; slower).
# Checked: no other src/*/x86_64/*.s nor crt/x86_64/*.s addresses below
# %rsp (floorl.s writes 8(%rsp), its own argument slot: allowed).  C code is
# compiled with -mno-red-zone.  Files that execute `syscall` are kept: the
# kernel handles a ring-0 `syscall` (UKL_KF_SYSCALL_INSN).
MUSL_DROP_x86_64   := src/fenv/x86_64/fenv.s src/math/x86_64/exp2l.s \
                      src/math/x86_64/expm1l.s
# MUSL_CRASH_a  the file defining a_crash(), musl's "the libc found its own
# state corrupt" (a bad free(), a failed mallocng assertion, abort() once
# SIGABRT returned).  x86_64's is `hlt`: in user space a privileged
# instruction, so a #GP that kills the process; at ring 0 with interrupts
# off it stops the CPU for good and the guest hangs.  It is made `ud2`, an
# invalid-opcode fault the runtime reports (naming the function) like any
# other.  The edit is checked: the build fails if the source changed.
MUSL_CRASH_x86_64  := arch/x86_64/atomic_arch.h

# riscv64: built with the cross compiler.  -mcmodel=medany reaches the top
# 2 GiB (PC-relative), -mno-relax because ld.lld 14 cannot relax.  There is
# no red zone in the RISC-V ABI, so no assembly is dropped; the four files
# that execute `ecall` (clone.s, syscall_cp.s, restore.s, __unmapself.s)
# are kept: ukld rewrites the instruction into a trapping `ebreak`.
# No MUSL_CRASH: riscv64's a_crash() is musl's generic store to address 0,
# a store page fault the runtime reports.
MUSL_TARGET_riscv64 := riscv64
MUSL_CROSS_riscv64  := riscv64-linux-gnu-
UKL_KFLAGS_riscv64  := -mcmodel=medany -mno-relax -fno-pic -fno-pie
MUSL_DROP_riscv64   :=

MUSL_TARGET := $(MUSL_TARGET_$(ARCH))
MUSL_CROSS  := $(MUSL_CROSS_$(ARCH))
MUSL_CC     := $(if $(MUSL_TARGET),$(MUSL_CROSS)gcc)
MUSL_CFLAGS := $(UKL_KFLAGS_$(ARCH)) -O2 -g
MUSL_DROP   := $(MUSL_DROP_$(ARCH))
MUSL_CRASH  := $(MUSL_CRASH_$(ARCH))
MUSL_ARCH_H := runtime/libc/$(ARCH)/syscall_arch.h
MUSL_DIRECT_H := runtime/libc/ukl_syscall_direct.h
MUSL_NR_LIST := runtime/arch/$(ARCH)/include/arch/syscall_list.h
UKL_FETCH_SOURCE := runtime/libc/fetch-source.sh

# The sysroot's libgcc.a: on x86_64 compiler-rt's builtins built with the
# kernel flags (builtins.mk: Debian's libgcc.a uses the red zone); on
# riscv64, whose ABI has no red zone, Debian's cross libgcc.a.
include runtime/libc/builtins.mk
MUSL_LIBGCC_SRC_x86_64  := $(RTLIB_A)
MUSL_LIBGCC_SRC_riscv64  = $(shell $(MUSL_CC) -print-libgcc-file-name)
MUSL_LIBGCC_SRC := $(MUSL_LIBGCC_SRC_$(ARCH))

.PHONY: musl musl-check ukl-musl-force
musl: $(MUSL_LIBC) $(MUSL_LIBGCC)

# ---- 1. Debian source packages: $(B)/src/PACKAGE_VERSION/.unpacked --------
# (VERSION without epoch; neither field can contain '_').
$(B)/src/%/.unpacked: | deps
	$(UKL_FETCH_SOURCE) $(firstword $(subst _, ,$*)) $(word 2,$(subst _, ,$*)) \
	    $(B)/src $(B)/apt >/dev/null
.PRECIOUS: $(B)/src/%/.unpacked

# ---- 2. fingerprint of the build configuration ----------------------------
MUSL_CONFIG := version=$(MUSL_VERSION) target=$(MUSL_TARGET) cc=$(MUSL_CC) \
               cflags=$(MUSL_CFLAGS) drop=$(MUSL_DROP) crash=$(MUSL_CRASH)
$(MUSL_BUILD)/config: ukl-musl-force
	@if [ -z "$(MUSL_TARGET)" ]; then \
	    echo "musl.mk: ARCH=$(ARCH) is not supported" >&2; exit 1; fi
	@mkdir -p $(@D)
	@printf '%s\n' '$(MUSL_CONFIG)' | cmp -s - $@ || \
	    printf '%s\n' '$(MUSL_CONFIG)' >$@

# ---- 3. build and install -------------------------------------------------
# libc.a is the target; the rest of the installation comes with it.
# Only the static start files: Scrt1.o/rcrt1.o are PIC by design, which
# -mcmodel=kernel refuses.  musl's empty libm.a, libpthread.a... are kept: -lm
# etc. find them, and ukld, as ld, accepts an empty library found by -l.
$(MUSL_LIBC): $(MUSL_SRC)/.unpacked $(MUSL_ARCH_H) $(MUSL_DIRECT_H) $(MUSL_NR_LIST) \
              $(MUSL_BUILD)/config | deps
	@echo "  MUSL    $(MUSL_VERSION) for $(ARCH) -> $(SYSROOT)"
	@rm -rf $(MUSL_BUILD)/tree $(MUSL_BUILD)/obj $(SYSROOT)/include
	@mkdir -p $(MUSL_BUILD)/obj $(SYSROOT)/lib
	@cp -R $(MUSL_SRC) $(MUSL_BUILD)/tree
	@cp $(MUSL_ARCH_H) $(MUSL_BUILD)/tree/arch/$(MUSL_TARGET)/syscall_arch.h
	@cp $(MUSL_DIRECT_H) $(MUSL_BUILD)/tree/arch/$(MUSL_TARGET)/ukl_syscall_direct.h
	@cp $(MUSL_NR_LIST) $(MUSL_BUILD)/tree/arch/$(MUSL_TARGET)/ukl_syscall_list.h
	@set -e; for f in $(MUSL_DROP); do \
	    test -f $(MUSL_BUILD)/tree/$$f || { echo "musl.mk: $$f not in the source" >&2; exit 1; }; \
	    rm $(MUSL_BUILD)/tree/$$f; done
	@set -e; for f in $(MUSL_CRASH); do \
	    sed -i '/a_crash()/,/^}/s/"hlt"/"ud2"/' $(MUSL_BUILD)/tree/$$f; \
	    grep -A3 'void a_crash()' $(MUSL_BUILD)/tree/$$f | grep -q '"ud2"' || \
	    { echo "musl.mk: $$f: a_crash() is not the expected hlt" >&2; exit 1; }; done
	@cd $(MUSL_BUILD)/obj && ../tree/configure --target=$(MUSL_TARGET) \
	    --prefix=$(abspath $(SYSROOT)) --disable-shared --disable-wrapper \
	    CC='$(MUSL_CC)' CFLAGS='$(MUSL_CFLAGS)' >configure.log 2>&1 || \
	    { cat configure.log >&2; exit 1; }
	@$(MAKE) -C $(MUSL_BUILD)/obj install \
	    AR=$(MUSL_CROSS)ar RANLIB=$(MUSL_CROSS)ranlib \
	    CRT_LIBS='lib/crt1.o lib/crti.o lib/crtn.o' >$(MUSL_BUILD)/build.log 2>&1 || \
	    { tail -40 $(MUSL_BUILD)/build.log >&2; \
	      echo "musl.mk: musl build failed, see $(MUSL_BUILD)/build.log" >&2; exit 1; }
	@touch $(MUSL_CRT) $@

$(MUSL_CRT): $(MUSL_LIBC)
	@test -f $@ || { echo "musl.mk: $@ missing: remove $(MUSL_LIBC) and rebuild" >&2; exit 1; }

$(MUSL_LIBGCC): $(MUSL_LIBGCC_SRC) | $(MUSL_LIBC)
	@mkdir -p $(@D)
	cp $< $@

musl-check: $(MUSL_LIBC) $(MUSL_LIBGCC) $(UKL_CC)
	runtime/libc/check-libc.sh $(ARCH) $(SYSROOT) $(UKL_CC)

# ---- ukl-cc --------------------------------------------------------------
# One script for every architecture (chosen at run time); each ARCH installs
# a copy whose default is that ARCH, and which depends on its sysroot.
$(UKL_CC): ukld/ukl-cc.in $(MUSL_LIBC) $(MUSL_CRT) $(MUSL_LIBGCC)
	@mkdir -p $(@D)
	sed -e 's|@UKL_KFLAGS_x86_64@|$(UKL_KFLAGS_x86_64)|' \
	    -e 's|@UKL_KFLAGS_riscv64@|$(UKL_KFLAGS_riscv64)|' \
	    -e 's|@MUSL_CC_x86_64@|$(MUSL_CROSS_x86_64)gcc|' \
	    -e 's|@MUSL_CC_riscv64@|$(MUSL_CROSS_riscv64)gcc|' \
	    -e 's|@UKL_DEFAULT_ARCH@|$(ARCH)|' \
	    $< >$@.tmp
	chmod 755 $@.tmp
	mv $@.tmp $@
