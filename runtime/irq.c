/* SPDX-License-Identifier: MIT */
/* Device interrupt handlers by line (ukl/irq.h). */
#include <ukl/errno.h>
#include <ukl/irq.h>

static struct {
	irq_handler_fn *fn;
	void *arg;
	bool routed;
	unsigned long count;   /* interrupts taken (not polls) */
} handlers[IRQ_LINES];

int irq_attach(unsigned line, irq_handler_fn *fn, void *arg)
{
	if (line >= IRQ_LINES || !fn)
		return -EINVAL;
	if (handlers[line].fn)
		return -EBUSY;
	handlers[line].fn = fn;
	handlers[line].arg = arg;
	handlers[line].routed = arch_irq_route(line);
	return 0;
}

void irq_dispatch(unsigned line)
{
	if (line < IRQ_LINES && handlers[line].fn) {
		handlers[line].count++;
		handlers[line].fn(handlers[line].arg);
	}
}

unsigned long irq_count(unsigned line)
{
	return line < IRQ_LINES ? handlers[line].count : 0;
}

bool irq_line_routed(unsigned line)
{
	return line < IRQ_LINES && handlers[line].routed;
}

void irq_poll_all(void)
{
	for (unsigned line = 0; line < IRQ_LINES; line++)
		if (handlers[line].fn)
			handlers[line].fn(handlers[line].arg);
}

bool irq_any_polled(void)
{
	for (unsigned line = 0; line < IRQ_LINES; line++)
		if (handlers[line].fn && !handlers[line].routed)
			return true;
	return false;
}

/* Until an architecture wires its interrupt controller, every line is
 * polled. */
__attribute__((weak)) bool arch_irq_route(unsigned line __maybe_unused)
{
	return false;
}
