// SPDX-License-Identifier: GPL-2.0
/*
 * Test only: a stress of the registry's grace period, for tests/registry.t.
 * Nothing calls it unless root writes to its debugfs file:
 *
 *   echo SECONDS > /sys/kernel/debug/hypercall_hook/stress
 *   cat /sys/kernel/debug/hypercall_hook/stress
 *
 * A reader kthread per online CPU (at least two) runs what the redirect
 * runs once KVM has answered a call: hc_srcu's read lock around
 * hc_dispatch() (the registry lookup, the handler's call, the counters and
 * the trace event), for number HC_STRESS_NR, in a loop. Meanwhile the
 * writing task registers a handler for that number and unregisters it,
 * over and over, each time a new one in an allocation of its own whose
 * canary it poisons as soon as hypercall_unregister() returns. The handler
 * checks the canary while it runs, spinning and now and then sleeping: a
 * call still running after its unregistration returned (no grace period)
 * finds the poison, a violation. Poisoned handlers are freed only once the
 * readers have stopped, so that a late call reads the poison, not memory
 * given to someone else.
 *
 * The result line counts the calls that were in the handler while its
 * unregistration was under way (overlaps): without any, the test proved
 * nothing. Guests calling HC_STRESS_NR meanwhile get the stress handler's
 * answers; run it on a test host.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/kvm_para.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/srcu.h>
#include <linux/uaccess.h>

#include "hook.h"

#define HC_STRESS_NR		0xfffffff0UL
#define HC_STRESS_ALIVE		0xa11ce0c0ffee5afeUL
#define HC_STRESS_DEAD		0xdeadbeefdeadbeefUL
#define HC_STRESS_SPIN		20	/* canary checks, 1 us apart */
#define HC_STRESS_MAX_SECONDS	60
#define HC_STRESS_MAX_READERS	16

/* One registration: a handler in an allocation of its own. */
struct hc_stress_victim {
	struct hypercall_handler h;
	unsigned long canary;
	struct list_head node;
};

struct hc_stress_reader {
	struct task_struct *task;
	unsigned int id;
	unsigned long calls, answered;
};

static struct {
	struct mutex lock;	/* one stress at a time, and its result */
	bool unregistering;	/* the writer is in hypercall_unregister() */
	atomic_long_t overlaps, violations;
	char result[160];
} hc_stress;

static int hc_stress_call(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	struct hc_stress_victim *v = container_of(h, struct hc_stress_victim, h);
	bool overlap = false;
	unsigned int i;

	for (i = 0; i < HC_STRESS_SPIN; i++) {
		if (READ_ONCE(v->canary) != HC_STRESS_ALIVE) {
			atomic_long_inc(&hc_stress.violations);
			return HYPERCALL_DECLINE;
		}
		overlap |= READ_ONCE(hc_stress.unregistering);
		if (i == HC_STRESS_SPIN / 2 && !(ctx->args[0] % 16))
			usleep_range(20, 50);	/* a handler may sleep */
		else
			udelay(1);
	}
	if (overlap)
		atomic_long_inc(&hc_stress.overlaps);
	ctx->ret = ctx->args[0];
	return 0;
}

static int hc_stress_reader_fn(void *data)
{
	struct hc_stress_reader *r = data;
	struct hypercall_ctx ctx;
	unsigned long answer;
	int idx;

	while (!kthread_should_stop()) {
		memset(&ctx, 0, sizeof(ctx));
		ctx.nr = HC_STRESS_NR;
		ctx.args[0] = r->calls;
		ctx.vcpu_id = r->id;
		answer = -KVM_ENOSYS;
		/* As the wrapper, hook_point.c, once KVM's function answered. */
		idx = srcu_read_lock(&hc_srcu);
		hc_dispatch(&ctx, HC_HANDLED, ULONG_MAX, &answer);
		srcu_read_unlock(&hc_srcu, idx);
		r->calls++;
		r->answered += answer == r->calls - 1;
		cond_resched();
	}
	return 0;
}

/* Registers and unregisters handlers until @deadline; returns the cycles. */
static long hc_stress_write(unsigned long deadline, struct list_head *dead)
{
	struct hc_stress_victim *v;
	long cycles = 0;
	int ret;

	while (time_before(jiffies, deadline)) {
		v = kzalloc(sizeof(*v), GFP_KERNEL);
		if (!v)
			return -ENOMEM;
		v->h.nr = HC_STRESS_NR;
		v->h.name = "stress";
		v->h.call = hc_stress_call;
		v->canary = HC_STRESS_ALIVE;
		ret = hypercall_register(&v->h);
		if (ret) {
			kfree(v);
			return ret;
		}
		usleep_range(100, 200);	/* readers find it */
		WRITE_ONCE(hc_stress.unregistering, true);
		hypercall_unregister(&v->h);
		WRITE_ONCE(hc_stress.unregistering, false);
		/* No call of it may run now: one that does sees this. */
		WRITE_ONCE(v->canary, HC_STRESS_DEAD);
		list_add(&v->node, dead);
		cycles++;
	}
	return cycles;
}

static int hc_stress_run(unsigned int seconds)
{
	struct hc_stress_reader r[HC_STRESS_MAX_READERS] = { };
	unsigned int i, n = clamp_t(unsigned int, num_online_cpus(), 2, HC_STRESS_MAX_READERS);
	unsigned long calls = 0, answered = 0;
	struct hc_stress_victim *v, *tmp;
	LIST_HEAD(dead);
	long cycles;

	atomic_long_set(&hc_stress.overlaps, 0);
	atomic_long_set(&hc_stress.violations, 0);
	for (i = 0; i < n; i++) {
		r[i].id = i;
		r[i].task = kthread_run(hc_stress_reader_fn, &r[i], "hc_stress/%u", i);
		if (IS_ERR(r[i].task)) {
			cycles = PTR_ERR(r[i].task);
			r[i].task = NULL;
			goto out;
		}
		get_task_struct(r[i].task);
	}
	cycles = hc_stress_write(jiffies + seconds * HZ, &dead);
out:
	for (i = 0; i < n && r[i].task; i++) {
		kthread_stop(r[i].task);
		put_task_struct(r[i].task);
		calls += r[i].calls;
		answered += r[i].answered;
	}
	list_for_each_entry_safe(v, tmp, &dead, node)
		kfree(v);
	if (cycles < 0)
		return cycles;
	scnprintf(hc_stress.result, sizeof(hc_stress.result),
		  "readers %u cycles %ld calls %lu answered %lu overlaps %ld violations %ld\n",
		  n, cycles, calls, answered, atomic_long_read(&hc_stress.overlaps),
		  atomic_long_read(&hc_stress.violations));
	pr_info("stress: %s", hc_stress.result);
	return 0;
}

static ssize_t hc_stress_write_file(struct file *file, const char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	unsigned int seconds;
	int ret;

	ret = kstrtouint_from_user(ubuf, len, 0, &seconds);
	if (ret)
		return ret;
	if (!seconds || seconds > HC_STRESS_MAX_SECONDS)
		return -EINVAL;
	if (!mutex_trylock(&hc_stress.lock))
		return -EBUSY;
	ret = hc_stress_run(seconds);
	mutex_unlock(&hc_stress.lock);
	return ret ? ret : len;
}

static ssize_t hc_stress_read_file(struct file *file, char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&hc_stress.lock);
	ret = simple_read_from_buffer(ubuf, len, ppos, hc_stress.result,
				      strlen(hc_stress.result));
	mutex_unlock(&hc_stress.lock);
	return ret;
}

static const struct file_operations hc_stress_fops = {
	.owner	= THIS_MODULE,
	.read	= hc_stress_read_file,
	.write	= hc_stress_write_file,
	.llseek	= default_llseek,
};

void hc_stress_init(struct dentry *dir)
{
	mutex_init(&hc_stress.lock);
	debugfs_create_file("stress", 0600, dir, NULL, &hc_stress_fops);
}
