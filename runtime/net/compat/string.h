/* SPDX-License-Identifier: MIT */
/* lwIP includes <string.h>: the kernel's mem* and str* (runtime/string.c). */
#include <ukl/kernel.h>
