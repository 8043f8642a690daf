/* SPDX-License-Identifier: MIT */
/*
 * Built with SANITIZE=1 (AddressSanitizer, UndefinedBehaviorSanitizer):
 * the sanitizers' defaults for ukld.  ukld is a one-shot process that, like
 * ld and mold, leaves the memory of a link to exit instead of freeing each
 * symbol and object; LeakSanitizer would report every link as leaking, so
 * leak detection is off.  Every out-of-bounds access, use after free and
 * undefined behaviour still ends the run with a report (and a non-zero exit,
 * which fails the test that ran it).
 */
#if defined(__SANITIZE_ADDRESS__)
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0:abort_on_error=0:exitcode=99";
}
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "print_stacktrace=1:halt_on_error=1:exitcode=98";
}
#else
/* ISO C wants a translation unit to declare something. */
typedef int ukld_no_sanitizer;
#endif
