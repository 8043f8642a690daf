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
Shape *make_square(int side);   // cxx_other.cc
Noisy &other_static();          // cxx_other.cc: a function-local static
extern Noisy other_global;      // cxx_other.cc
#endif
