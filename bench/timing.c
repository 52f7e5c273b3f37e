// SPDX-License-Identifier: GPL-2.0
/*
 * N hypercalls in a kernel loop between two ktime_get_ns(), so that what is
 * timed is the VM exit and the host's work, not a system call.
 *
 *   echo "NR COUNT" > /sys/kernel/debug/hypercall_bench/run
 *   cat /sys/kernel/debug/hypercall_bench/run      # ns for the COUNT calls
 */

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kvm_para.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "bench.h"

#define BENCH_MAX_COUNT	10000000

static DEFINE_MUTEX(bench_lock);
static u64 bench_last_ns;

static u64 bench_loop(unsigned int nr, unsigned int count)
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
		kvm_hypercall1(nr, i);
	}
	if (count)
		total += ktime_get_ns() - start;
	return total;
}

static ssize_t bench_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	unsigned int nr, count;
	char buf[32];

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%u %u", &nr, &count) != 2 || !count ||
	    count > BENCH_MAX_COUNT)
		return -EINVAL;

	mutex_lock(&bench_lock);
	bench_last_ns = bench_loop(nr, count);
	mutex_unlock(&bench_lock);
	return len;
}

static ssize_t bench_read(struct file *file, char __user *ubuf, size_t len,
			  loff_t *ppos)
{
	char buf[32];
	int n;

	mutex_lock(&bench_lock);
	n = scnprintf(buf, sizeof(buf), "%llu\n", bench_last_ns);
	mutex_unlock(&bench_lock);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations bench_fops = {
	.owner	= THIS_MODULE,
	.read	= bench_read,
	.write	= bench_write,
};

void bench_timing_init(struct dentry *dir)
{
	debugfs_create_file("run", 0600, dir, NULL, &bench_fops);
}
