/* SPDX-License-Identifier: MIT */
/*
 * Code that gcc compiles into calls to its support library (the sysroot's
 * libgcc.a: compiler-rt's builtins built with the kernel flags): 128-bit
 * division and conversions, complex multiplication and division, x87
 * conversions, __builtin_cpu_supports.  Values are computed at run time
 * (volatile), so the calls are really made, and printed for the test to
 * compare with the same program run on the host.
 */
#include <complex.h>
#include <stdio.h>

static volatile unsigned __int128 big = ((unsigned __int128)0x0123456789abcdefULL << 64) | 0xfedcba9876543210ULL;
static volatile unsigned long long divisor = 1000000007ULL;
static volatile __int128 neg = -((__int128)1 << 100) - 12345;
static volatile double d = 1e30;
static volatile float complex fa = 1.5f + 2.0fi, fb = -0.5f + 4.0fi;
static volatile double complex da = 3.0 + 4.0i, db = 1.0 - 2.0i;
static volatile long double complex la = 2.0L + 1.0Li, lb = 0.25L - 3.0Li;
static volatile unsigned long long u64 = 0xfffffffffffff801ULL;

static void print_u128(const char *name, unsigned __int128 v)
{
	printf("%s = %016llx%016llx\n", name, (unsigned long long)(v >> 64), (unsigned long long)v);
}

int main(void)
{
	print_u128("udiv", big / divisor);
	print_u128("umod", big % divisor);
	print_u128("sdiv", (unsigned __int128)(neg / (__int128)-977));
	print_u128("smod", (unsigned __int128)(neg % (__int128)977));
	print_u128("fixdfti", (unsigned __int128)(__int128)d);
	printf("floattidf = %.17g\n", (double)neg);
	printf("floatuntisf = %.9g\n", (double)(float)big);
	float complex fc = fa * fb, fq = fa / fb;
	printf("mulsc3 = %.6g %+.6gi, divsc3 = %.6g %+.6gi\n", crealf(fc), cimagf(fc), crealf(fq), cimagf(fq));
	double complex dc = da * db, dq = da / db;
	printf("muldc3 = %.15g %+.15gi, divdc3 = %.15g %+.15gi\n", creal(dc), cimag(dc), creal(dq), cimag(dq));
	long double complex lc = la * lb, lq = la / lb;
	printf("mulxc3 = %.18Lg %+.18Lgi, divxc3 = %.18Lg %+.18Lgi\n", creall(lc), cimagl(lc), creall(lq), cimagl(lq));
	printf("floatundixf = %.21Lg\n", (long double)u64);
	printf("popcount = %d, parity = %d\n", __builtin_popcountll(u64), __builtin_parityll(u64));
	__builtin_cpu_init();
	printf("cpu sse2 = %d\n", __builtin_cpu_supports("sse2") ? 1 : 0);
	return 0;
}
