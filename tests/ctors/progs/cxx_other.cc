// SPDX-License-Identifier: MIT
#include "cxx.h"

Noisy::Noisy(const char *n, int v) : name(n), value(v) { out("construct %s\n", name); }
Noisy::~Noisy() { out("destroy %s\n", name); }
Shape::~Shape() { out("~Shape\n"); }

Noisy other_global("global in cxx_other.cc", 2);
thread_local Noisy other_tls("thread_local in cxx_other.cc", 9);

struct Square : Shape {
	int side;
	explicit Square(int s) : side(s) {}
	~Square() override { out("~Square %d\n", side); }
	int area() const override { return side * side; }
};
Shape *make_square(int side) { return new Square(side); }

Noisy &other_static()
{
	static Noisy n("function-local static in cxx_other.cc", 3);
	return n;
}

int other_uses_template() { return Registry<int>::member.value + twice(1); }
