// SPDX-License-Identifier: MIT
// C++ global objects (with and without init_priority), function-local
// statics (__cxa_guard_*), their destructors through __cxa_atexit (in
// reverse order of construction, interleaved with atexit handlers by
// registration), thread_local objects (__cxa_thread_atexit), new/delete,
// virtual calls; exit() or return from main.
#include <new>
#include <stdlib.h>
#include <string.h>
#include "cxx.h"

Noisy main_global("global in cxx_main.cc", 1);
__attribute__((init_priority(200))) Noisy early("init_priority(200) global", 4);
static int builds;
struct Counted { Counted() { builds++; } };
static Counted counted;

static Noisy &local_static()
{
	static Noisy n("function-local static in cxx_main.cc", 5);
	return n;
}

static void at_exit_handler() { out("atexit handler\n"); }

static Noisy &local_tls()
{
	static thread_local Noisy n("function-local thread_local", 10);
	return n;
}

int main(int argc, char **argv)
{
	out("main: early=%d global=%d other=%d\n", early.value, main_global.value,
	    other_global.value);
	local_static();
	atexit(at_exit_handler);
	other_static();
	// After the other registrations: glibc runs thread_local destructors
	// before every atexit handler, musl with libstdc++ (and ukld's
	// libukl-cxx) where the first thread_local object registered them.
	// The function-local one first, in a statement of its own: the order
	// of a call's arguments is unspecified (x86_64's g++ evaluates these
	// last first, riscv64's first first).
	int local_value = local_tls().value;
	out("thread_local: %d %d\n", other_tls.value, local_value);
	out("statics again: %d %d\n", local_static().value, other_static().value);
	out("global constructors ran once: %s\n", builds == 1 ? "ok" : "WRONG");
	out("template: %d %d\n", Registry<int>::member.value + twice(2), other_uses_template());

	Shape *s = make_square(7);
	out("virtual area: %d\n", s->area());
	delete s;
	int *v = new int[1000];
	for (int i = 0; i < 1000; i++)
		v[i] = i;
	out("new[]: %d\n", v[999]);
	delete[] v;
	alignas(64) static unsigned char buf[sizeof(Noisy)];
	Noisy *p = new (buf) Noisy("placement new", 6);
	p->~Noisy();
	Noisy *q = new (std::nothrow) Noisy("nothrow new", 7);
	delete q;
	struct alignas(256) Big { char c[300]; };
	Big *b = new Big;
	out("aligned new: %s\n", ((unsigned long)b & 255) == 0 ? "ok" : "WRONG");
	delete b;

	if (argc > 1 && !strcmp(argv[1], "exit")) {
		out("exit(3)\n");
		exit(3);
	}
	out("return from main\n");
	return 0;
}
