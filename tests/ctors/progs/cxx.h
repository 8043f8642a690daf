// SPDX-License-Identifier: MIT
// The C++ test program (cxx_main.cc, cxx_other.cc): objects that say when
// they are built and destroyed.
#ifndef CXX_TEST_H
#define CXX_TEST_H
#include "../../../examples/common/out.h"

struct Noisy {
	const char *name;
	int value;
	explicit Noisy(const char *n, int v = 0);
	~Noisy();
};

struct Shape {
	virtual ~Shape();
	virtual int area() const = 0;
};
// A template's static member with a constructor: instantiated in both
// translation units (a COMDAT object with a guard variable), built once.
template <typename T> struct Registry { static Noisy member; };
template <typename T> Noisy Registry<T>::member("template static member", 8);
template <typename T> T twice(T v) { return v + v; }
int other_uses_template();       // cxx_other.cc

Shape *make_square(int side);   // cxx_other.cc
Noisy &other_static();          // cxx_other.cc: a function-local static
extern Noisy other_global;      // cxx_other.cc
extern thread_local Noisy other_tls;  // cxx_other.cc: built on first use
#endif
