// SPDX-License-Identifier: GPL-2.0
/*
 * N hypercalls in a kernel loop between two ktime_get_ns(), so that what is
 * timed is the VM exit and the host's work, not a system call; or N CPUID
 * instructions, a VM exit that is no hypercall; or N hypercalls that carry
 * an input and an output buffer of LEN bytes each, by guest physical address
 * (a0, a1: input; a2, a3: output), as HYPERCALL_IOC_CALL_BUF passes them.
 *
 *   echo "NR COUNT" > /sys/kernel/debug/hypercall_bench/run
 *   echo "cpuid COUNT" > /sys/kernel/debug/hypercall_bench/run
 *   echo "buf NR COUNT LEN" > /sys/kernel/debug/hypercall_bench/run
 *   cat /sys/kernel/debug/hypercall_bench/run      # ns for the COUNT calls
 */

#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/kvm_para.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>

#include "bench.h"

#define BENCH_MAX_COUNT	10000000
#define BENCH_MAX_LEN	(64 * 1024)

/* CPUID leaf 0: a VM exit that KVM handles, and no hypercall. */
static void bench_cpuid(void)
{
	unsigned int a = 0, b, c = 0, d;

	asm volatile("cpuid" : "+a" (a), "=b" (b), "+c" (c), "=d" (d));
}

/* What the timed loop issues: a CPUID exit, or a hypercall, with buffers where @len. */
struct bench_call {
	bool cpuid;
	unsigned int nr;
	phys_addr_t in, out;
	unsigned int len;
};

static void bench_one(const struct bench_call *c, unsigned int i)
{
	if (c->cpuid)
		bench_cpuid();
	else if (c->len)
		kvm_hypercall4(c->nr, c->in, c->len, c->out, c->len);
	else
		kvm_hypercall1(c->nr, i);
}

static u64 bench_loop(const struct bench_call *c, unsigned int count)
{
	u64 start, total = 0;
	unsigned int i;

	for (i = 0; i < count; i++) {
		/* Time in slices, so that rescheduling is not counted. */
		if (!(i % 256)) {
			if (i)
				total += ktime_get_ns() - start;
			cond_resched();
			start = ktime_get_ns();
		}
		bench_one(c, i);
	}
	if (count)
		total += ktime_get_ns() - start;
	return total;
}

/* @c->len bytes in and out: pages of the guest's own, for the whole loop. */
static int bench_buf(struct bench_call *c, unsigned int count)
{
	void *in, *out;

	in = alloc_pages_exact(c->len, GFP_KERNEL | __GFP_ZERO);
	out = alloc_pages_exact(c->len, GFP_KERNEL | __GFP_ZERO);
	if (in && out) {
		c->in = virt_to_phys(in);
		c->out = virt_to_phys(out);
		bench_timing_file.last = bench_loop(c, count);
	}
	if (out)
		free_pages_exact(out, c->len);
	if (in)
		free_pages_exact(in, c->len);
	return in && out ? 0 : -ENOMEM;
}

static int bench_run(const char *cmd)
{
	struct bench_call c = { 0 };
	unsigned int count;

	if (sscanf(cmd, "buf %u %u %u", &c.nr, &count, &c.len) == 3) {
		if (!count || count > BENCH_MAX_COUNT || !c.len || c.len > BENCH_MAX_LEN)
			return -EINVAL;
		return bench_buf(&c, count);
	}
	c.cpuid = sscanf(cmd, "cpuid %u", &count) == 1;
	if ((!c.cpuid && sscanf(cmd, "%u %u", &c.nr, &count) != 2) || !count ||
	    count > BENCH_MAX_COUNT)
		return -EINVAL;
	bench_timing_file.last = bench_loop(&c, count);
	return 0;
}

struct bench_file bench_timing_file = {
	.name	= "run",
	.store	= bench_run,
};
