// SPDX-License-Identifier: GPL-2.0
/*
 * N hypercalls in a kernel loop between two ktime_get_ns(), so that what is
 * timed is the VM exit and the host's work, not a system call; or N CPUID
 * instructions, a VM exit that is no hypercall.
 *
 *   echo "NR COUNT" > /sys/kernel/debug/hypercall_bench/run
 *   echo "cpuid COUNT" > /sys/kernel/debug/hypercall_bench/run
 *   cat /sys/kernel/debug/hypercall_bench/run      # ns for the COUNT calls
 */

#include <linux/kernel.h>
#include <linux/kvm_para.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>

#include "bench.h"

#define BENCH_MAX_COUNT	10000000

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

static int bench_run(const char *cmd)
{
	unsigned int nr = 0, count;
	bool cpuid;

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
