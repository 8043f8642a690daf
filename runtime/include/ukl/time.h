/* SPDX-License-Identifier: MIT */
/* Clocks: nanoseconds since boot from the arch counter, wall time from the
 * real-time clock read once at boot. */
#ifndef UKL_TIME_H
#define UKL_TIME_H

#include <ukl/kernel.h>

#define NSEC_PER_SEC 1000000000ull

void time_init(void);
uint64_t time_monotonic_ns(void);
uint64_t time_realtime_ns(void);
/* Sleep (other threads run, or the CPU halts) until the time: 0, or
 * -EINTR if a signal was sent to the thread first. */
long time_sleep_until(uint64_t monotonic_ns);

#endif
