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

/* A hypercall, or with @cpuid a CPUID exit. */
static u64 bench_loop(bool cpuid, unsigned int nr, unsigned int count)
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
		if (cpuid)
			bench_cpuid();
		else
			kvm_hypercall1(nr, i);
	}
	if (count)
		total += ktime_get_ns() - start;
	return total;
}

/* @count calls of @nr, each with an input and an output of @len bytes. */
static int bench_buf(unsigned int nr, unsigned int count, unsigned int len)
{
	u64 start, total = 0;
	void *in, *out;
	unsigned int i;

	in = alloc_pages_exact(len, GFP_KERNEL | __GFP_ZERO);
	out = alloc_pages_exact(len, GFP_KERNEL | __GFP_ZERO);
	if (in && out) {
		for (i = 0; i < count; i++) {
			if (!(i % 256)) {
				if (i)
					total += ktime_get_ns() - start;
				cond_resched();
				start = ktime_get_ns();
			}
			kvm_hypercall4(nr, virt_to_phys(in), len, virt_to_phys(out), len);
		}
		total += ktime_get_ns() - start;
		bench_timing_file.last = total;
	}
	if (out)
		free_pages_exact(out, len);
	if (in)
		free_pages_exact(in, len);
	return in && out ? 0 : -ENOMEM;
}

static int bench_run(const char *cmd)
{
	unsigned int nr = 0, count, len;
	bool cpuid;

	if (sscanf(cmd, "buf %u %u %u", &nr, &count, &len) == 3) {
		if (!count || count > BENCH_MAX_COUNT || !len || len > BENCH_MAX_LEN)
			return -EINVAL;
		return bench_buf(nr, count, len);
	}
	cpuid = sscanf(cmd, "cpuid %u", &count) == 1;
	if ((!cpuid && sscanf(cmd, "%u %u", &nr, &count) != 2) || !count ||
	    count > BENCH_MAX_COUNT)
		return -EINVAL;
	bench_timing_file.last = bench_loop(cpuid, nr, count);
	return 0;
}

struct bench_file bench_timing_file = {
	.name	= "run",
	.store	= bench_run,
};
