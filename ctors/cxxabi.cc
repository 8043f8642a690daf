// SPDX-License-Identifier: MIT
//
// The C++ ABI support a program built with ukl-c++ needs, and nothing more:
// Debian's libsupc++/libstdc++ are built with the red zone, and ukld refuses
// them.  Exceptions and RTTI are off (-fno-exceptions -fno-rtti), so what a
// C++ program's objects call is:
//   __cxa_guard_acquire/release/abort  function-local statics
//   operator new/delete (all forms)    over musl's malloc/free; out of
//                                      memory is fatal (no bad_alloc), the
//                                      nothrow forms return null
//   __cxa_pure_virtual, __cxa_deleted_virtual   fatal, with a message
//   __cxa_thread_atexit                destructors of thread_local objects
// musl provides __cxa_atexit and __cxa_finalize (global and static objects'
// destructors run at exit(), before .fini_array); the linker script defines
// __dso_handle.  Built into the sysroot's libukl-cxx.a, which ukl-c++ links.
#include <new>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

namespace std {
const nothrow_t nothrow{};
}

static void fatal(const char *why)
{
	static const char pre[] = "ukl c++: ";
	write(2, pre, sizeof(pre) - 1);
	write(2, why, strlen(why));
	write(2, "\n", 1);
	abort();
}

// ---- function-local statics (Itanium C++ ABI 3.3.2) ----------------------
// The guard's first byte is set once the object is constructed (the
// compiler tests it inline); the second marks a construction in progress.
// The kernel runs one thread, so "in progress" seen again is a recursive
// initialisation, which the ABI makes undefined and libsupc++ fatal.
extern "C" int __cxa_guard_acquire(unsigned long long *g)
{
	unsigned char *b = reinterpret_cast<unsigned char *>(g);
	if (__atomic_load_n(&b[0], __ATOMIC_ACQUIRE))
		return 0;
	if (b[1])
		fatal("recursive initialisation of a function-local static");
	b[1] = 1;
	return 1;
}

extern "C" void __cxa_guard_release(unsigned long long *g)
{
	unsigned char *b = reinterpret_cast<unsigned char *>(g);
	b[1] = 0;
	__atomic_store_n(&b[0], 1, __ATOMIC_RELEASE);
}

extern "C" void __cxa_guard_abort(unsigned long long *g)
{
	reinterpret_cast<unsigned char *>(g)[1] = 0;
}

extern "C" void __cxa_pure_virtual(void)
{
	fatal("pure virtual function called");
}

extern "C" void __cxa_deleted_virtual(void)
{
	fatal("deleted virtual function called");
}

// ---- operator new / delete --------------------------------------------------
static void *alloc(std::size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		fatal("operator new: out of memory");
	return p;
}

static void *alloc_aligned(std::size_t n, std::align_val_t a)
{
	void *p = aligned_alloc(static_cast<std::size_t>(a),
				(n + static_cast<std::size_t>(a) - 1) & ~(static_cast<std::size_t>(a) - 1));
	if (!p)
		fatal("operator new: out of memory");
	return p;
}

void *operator new(std::size_t n) { return alloc(n); }
void *operator new[](std::size_t n) { return alloc(n); }
void *operator new(std::size_t n, const std::nothrow_t &) noexcept { return malloc(n ? n : 1); }
void *operator new[](std::size_t n, const std::nothrow_t &) noexcept { return malloc(n ? n : 1); }
void *operator new(std::size_t n, std::align_val_t a) { return alloc_aligned(n, a); }
void *operator new[](std::size_t n, std::align_val_t a) { return alloc_aligned(n, a); }
void operator delete(void *p) noexcept { free(p); }
void operator delete[](void *p) noexcept { free(p); }
void operator delete(void *p, std::size_t) noexcept { free(p); }
void operator delete[](void *p, std::size_t) noexcept { free(p); }
void operator delete(void *p, std::align_val_t) noexcept { free(p); }
void operator delete[](void *p, std::align_val_t) noexcept { free(p); }
void operator delete(void *p, std::size_t, std::align_val_t) noexcept { free(p); }
void operator delete[](void *p, std::size_t, std::align_val_t) noexcept { free(p); }

// ---- thread_local destructors ----------------------------------------------
// The kernel runs one thread, the main one, so they run at exit().  As
// libstdc++ does on a libc without __cxa_thread_atexit_impl (musl): the
// first registration registers, with atexit, the function that runs them
// all, last registered first.  (glibc runs them before every atexit
// handler; here, before those registered later than the first thread_local
// object was built, and after the others.)
namespace {
struct tls_dtor {
	void (*fn)(void *);
	void *obj;
	tls_dtor *next;
};
tls_dtor *tls_dtors;

void run_tls_dtors()
{
	while (tls_dtor *d = tls_dtors) {
		tls_dtors = d->next;
		d->fn(d->obj);
		free(d);
	}
}
}

extern "C" int __cxa_thread_atexit(void (*fn)(void *), void *obj, void *)
{
	static bool registered;
	if (!registered) {
		if (atexit(run_tls_dtors))
			return -1;
		registered = true;
	}
	tls_dtor *d = static_cast<tls_dtor *>(malloc(sizeof(*d)));
	if (!d)
		return -1;
	*d = tls_dtor{ fn, obj, tls_dtors };
	tls_dtors = d;
	return 0;
}
