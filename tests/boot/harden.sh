#!/bin/bash
# The runtime's page protections: text read-only and executable, rodata,
# data, heap and stack not executable (x86_64: NX; riscv64: no X
# permission), read-only held in the kernel's own mode (x86_64: CR0.WP at
# ring 0; riscv64: S-mode pages bind S-mode as they are), page 0 unmapped,
# a guard page below the application's stack.  Each breach ends the guest
# with a fault report naming the function and the cause, and the fault
# status (255): never a hang, a reset or a silent success.  Both linkers:
# the runtime maps the segments each lays out.
. tests/common.sh
build_app "$WORK/app.a" tests/boot/progs/harden.c || { fail compile; exit 1; }
# A -fPIC object (ukl-cc forces -fno-pic; gcc called directly does not)
# with a table in .data.rel.ro, which the image keeps read-only.
case $ARCH in
x86_64) picflags=(-mno-red-zone) ;;
riscv64) picflags=(-mcmodel=medany -mno-relax) ;;
esac
${TOOLS}gcc -O2 -fPIC -ffreestanding -fno-stack-protector "${picflags[@]}" \
	-c -o "$WORK/harden_pic.o" tests/boot/progs/harden_pic.c &&
	ar rs "$WORK/app.a" "$WORK/harden_pic.o" 2>/dev/null || { fail "compile harden_pic.c"; exit 1; }
check "harden_pic.o: the table is in .data.rel.ro" \
	bash -c "readelf -SW '$WORK/harden_pic.o' | grep -q '\.data\.rel\.ro'"

# How each architecture words it.  A jump to bad memory leaves the pc
# nowhere, so the report names the caller: x86_64 from the word at the
# stack top, riscv64 from ra (call_at's call is a tail call into main).
case $ARCH in
x86_64)
	pf_fetch="#PF page fault" pf_load="#PF page fault" pf_store="#PF page fault"
	caller="\[RSP\].* main+"
	nx="instruction fetch from non-executable memory (NX)" ;;
riscv64)
	pf_fetch="instruction page fault" pf_load="load page fault" pf_store="store page fault"
	caller="^ra .* main+"
	nx="instruction fetch from non-executable memory (no X permission)" ;;
esac

for linker in bfd lld; do
	link_app harden "$WORK/app.a" --linker=$linker || { fail "$linker: link"; continue; }

	boot "$WORK/harden" call-text
	check "$linker: control: calling code works" test $? = 0
	check "$linker: control: survived" console_has "survived call-text (7)"

	# breach MODE FAULT FUNCTION CAUSE
	breach() {
		boot "$WORK/harden" "$1"
		local rc=$? n="$linker: $1"
		check "$n: fault status 255" test $rc = 255
		check "$n: ran up to it" console_has "about to $1"
		check "$n: did not go on" bash -c "! grep -q survived '$WORK/console'"
		check "$n: $2 reported" console_has "$2"
		check "$n: names $3" grep -q "$3" "$WORK/console"
		check "$n: says '$4'" console_has "$4"
		[ $rc = 255 ] && grep -q "$4" "$WORK/console" || show_console
	}
	breach write-text "$pf_store" write_text "write to read-only memory"
	breach write-rodata "$pf_store" write_rodata "write to read-only memory"
	breach write-small-rodata "$pf_store" write_small_rodata "write to read-only memory"
	breach write-relro "$pf_store" write_relro "write to read-only memory"
	breach exec-stack "$pf_fetch" "$caller" "$nx"
	breach exec-heap "$pf_fetch" "$caller" "$nx"
	breach exec-data "$pf_fetch" "$caller" "$nx"
	breach exec-rodata "$pf_fetch" "$caller" "$nx"
	breach read-null "$pf_load" read_null "NULL pointer dereference"
	breach call-null "$pf_fetch" "$caller" "call through a NULL pointer"
	breach stack-overflow "$pf_store" recurse "application stack overflow"
done
