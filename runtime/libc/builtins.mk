# SPDX-License-Identifier: MIT
# runtime/libc/builtins.mk: the compiler's support routines (__udivti3,
# __mulsc3, __popcountdi2, __cpu_model ...) for code linked into the kernel.
#
# Debian's libgcc.a is built for user space, with the red zone: an interrupt
# or exception taken at ring 0 on the application's stack would overwrite it,
# and `ukld check` refuses every member that uses it (549 accesses).  Instead
# the builtins of LLVM's compiler-rt, from the Debian source package
# llvm-toolchain-14 (only compiler-rt/lib/builtins is unpacked: see
# UKL_FETCH_ONLY in fetch-source.sh), are compiled with the kernel flags into
# $(RTLIB_A), which musl.mk installs as the sysroot's libgcc.a: the name gcc
# drivers and ukld look for, with the same function names and ABI.
#
# x86_64 only.  RISC-V has no red zone in its ABI, so Debian's libgcc.a for
# riscv64 is used as it is.
RTLIB_PKG     := llvm-toolchain-14
RTLIB_VERSION := 1:14.0.6-12
RTLIB_SRC     := $(B)/src/$(RTLIB_PKG)_$(RTLIB_VERSION:1:%=%)-only-compiler-rt_lib_builtins
RTLIB_DIR     := $(RTLIB_SRC)/compiler-rt/lib/builtins
RTLIB_BUILD   := $(BA)/builtins
RTLIB_A       := $(RTLIB_BUILD)/libukl_builtins.a

# compiler-rt 14's lib/builtins/CMakeLists.txt, x86_64_SOURCES on Linux:
# GENERIC_SOURCES (less the Apple-only apple_versioning.c, os_version_check.c
# and trampoline_setup.c, which are empty here), x86_ARCH_SOURCES and
# x86_80_BIT_SOURCES, where an x86_64/ file replaces the generic one of the
# same name.  GENERIC_TF_SOURCES are left out: they are empty where long
# double is the 80-bit x87 format.  One change: x86_64/floatundixf.S stores
# its argument at -8(%rsp), in the red zone, so the generic floatundixf.c is
# used instead (same result: exact conversion of a 64-bit unsigned to x87).
RTLIB_GENERIC := absvdi2 absvsi2 absvti2 adddf3 addsf3 addvdi3 addvsi3 addvti3 \
    ashldi3 ashlti3 ashrdi3 ashrti3 bswapdi2 bswapsi2 clzdi2 clzsi2 clzti2 \
    cmpdi2 cmpti2 comparedf2 comparesf2 ctzdi2 ctzsi2 ctzti2 divdc3 divdf3 \
    divdi3 divmoddi4 divmodsi4 divmodti4 divsc3 divsf3 divsi3 divti3 \
    extendsfdf2 extendhfsf2 ffsdi2 ffssi2 ffsti2 fixdfdi fixdfsi fixdfti \
    fixsfdi fixsfsi fixsfti fixunsdfdi fixunsdfsi fixunsdfti fixunssfdi \
    fixunssfsi fixunssfti floatdidf floatdisf floatsidf floatsisf floattidf \
    floattisf floatundidf floatundisf floatunsidf floatunsisf floatuntidf \
    floatuntisf fp_mode int_util lshrdi3 lshrti3 moddi3 modsi3 modti3 muldc3 \
    muldf3 muldi3 mulodi4 mulosi4 muloti4 mulsc3 mulsf3 multi3 mulvdi3 \
    mulvsi3 mulvti3 negdf2 negdi2 negsf2 negti2 negvdi2 negvsi2 negvti2 \
    paritydi2 paritysi2 parityti2 popcountdi2 popcountsi2 popcountti2 \
    powidf2 powisf2 subdf3 subsf3 subvdi3 subvsi3 subvti3 truncdfhf2 \
    truncdfsf2 truncsfhf2 ucmpdi2 ucmpti2 udivdi3 udivmoddi4 udivmodsi4 \
    udivmodti4 udivsi3 udivti3 umoddi3 umodsi3 umodti3 \
    cpu_model divxc3 fixxfdi fixxfti fixunsxfdi fixunsxfsi fixunsxfti \
    floatdixf floattixf floatundixf floatuntixf mulxc3 powixf2
RTLIB_ARCH_x86_64 := x86_64/floatdidf x86_64/floatdisf x86_64/floatundidf \
    x86_64/floatundisf x86_64/floatdixf i386/fp_mode
RTLIB_UNITS := $(filter-out $(notdir $(RTLIB_ARCH_$(ARCH))),$(RTLIB_GENERIC)) \
               $(RTLIB_ARCH_$(ARCH))
RTLIB_OBJS  := $(addprefix $(RTLIB_BUILD)/,$(addsuffix .o,$(RTLIB_UNITS)))

# compiler-rt's own flags for the builtins (-fno-builtin: a builtin must not
# become a call to itself; hidden visibility), plus the kernel's.
RTLIB_CFLAGS := $(UKL_KFLAGS_$(ARCH)) -std=gnu11 -O2 -g -fno-builtin \
                -ffreestanding -fvisibility=hidden -fomit-frame-pointer \
                -DVISIBILITY_HIDDEN -I$(RTLIB_DIR)

$(RTLIB_SRC)/.unpacked: | deps
	UKL_FETCH_ONLY=compiler-rt/lib/builtins $(UKL_FETCH_SOURCE) \
	    $(RTLIB_PKG) $(RTLIB_VERSION) $(B)/src $(B)/apt >/dev/null

# The source of a unit is UNIT.c or UNIT.S, known only once unpacked.
$(RTLIB_BUILD)/%.o: $(RTLIB_SRC)/.unpacked | deps
	@mkdir -p $(@D)
	@src=$(RTLIB_DIR)/$*.c; [ -f $$src ] || src=$(RTLIB_DIR)/$*.S; \
	echo "  RTLIB   $*"; \
	$(MUSL_CC) $(RTLIB_CFLAGS) -c -o $@ $$src

$(RTLIB_A): $(RTLIB_OBJS)
	@rm -f $@
	$(MUSL_CROSS)ar rcs $@ $^

.PHONY: builtins
builtins: $(RTLIB_A)
