/* SPDX-License-Identifier: MIT */
/*
 * The program's standard streams and the kernel's messages, and where they
 * go.  Two ways out of the machine:
 *   - virtio-console (runtime/drivers/virtio/virtio_console.c), the fast
 *     path ukl-run gives every image: a virtio-serial device with one port
 *     per stream, VCON_PORT_STDIN, _STDOUT and _STDERR; the kernel's
 *     messages go to the stderr port, each line starting "ukl:";
 *   - the UART (arch serial.c), always there: the earliest boot messages,
 *     and everything when QEMU is started by hand without the device.
 * Input is the same byte stream either way (DLE escapes, ^D the end:
 * runtime/fs/dev.c).
 */
#ifndef UKL_CONSOLE_H
#define UKL_CONSOLE_H

#include <ukl/kernel.h>

#define VCON_PORT_STDIN  1
#define VCON_PORT_STDOUT 2
#define VCON_PORT_STDERR 3

/* virtio_console.c: is the device up (the streams go through it)? */
bool vcon_active(void);
/* Write all of buf to a port, waiting while the host is slow: n, or
 * -ENODEV if the port is not there (the caller falls back to the UART),
 * -EFAULT (or what was written before) at memory that is not mapped. */
long vcon_write(unsigned port, const void *buf, size_t n);
/* Up to n bytes that the stdin port has received: how many (0: none yet). */
long vcon_read(void *buf, size_t n);

/* console.c: the program's stdout and stderr, the kernel's messages. */
/* n, or -EFAULT. */
long console_out(const void *buf, size_t n);
long console_err(const void *buf, size_t n);
/* fs/dev.c: input arrived (called by the driver's interrupt handler). */
void console_input_notify(void);

#endif
