// SPDX-License-Identifier: GPL-2.0
/*
 * Test only: many requests queued at once to a host program, for
 * tests/forward.t. Nothing calls it unless root writes to its debugfs file:
 *
 *   echo "NR COUNT" > /sys/kernel/debug/hypercall_hook/forward_stress
 *   cat /sys/kernel/debug/hypercall_hook/forward_stress
 *
 * The writing task stands in for COUNT vCPUs: it queues COUNT calls of NR
 * (a0 = 0, 1, 2, ...; no vCPU, no guest memory) to the program whose claim
 * covers it, all before waiting for any, then waits for each: an answer
 * equal to its a0 (hypercalld's echo) is right, anything else wrong. Past
 * the file's queue limit, calls are refused at once, as a guest's would be
 * (-HYPERCALL_EAGAIN). The result line counts each outcome.
 */

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/hypercall_host.h>

#include "forward.h"
#include "hook.h"

#define HC_FWD_STRESS_MAX	65536
/* Past the claim's timeout, how long the whole run may take. */
#define HC_FWD_STRESS_SLACK_MS	120000

static DEFINE_MUTEX(hc_fwd_stress_lock);
static char hc_fwd_stress_result[128] = "not run\n";

static void hc_fwd_stress_wait(struct hc_req **reqs, unsigned int count,
			       unsigned long deadline, unsigned int *right,
			       unsigned int *wrong, unsigned int *timedout)
{
	unsigned int i;
	long left;

	for (i = 0; i < count; i++) {
		if (!reqs[i])
			continue;
		left = (long)(deadline - jiffies);
		if (left > 0 && !fatal_signal_pending(current))
			wait_event_interruptible_timeout(reqs[i]->wq,
							 READ_ONCE(reqs[i]->state) == HC_REQ_DONE,
							 left);
		if (!hc_req_leave(reqs[i], HYPERCALL_CANCEL_TIMEOUT))
			(*timedout)++;
		else if (reqs[i]->ret == i)
			(*right)++;
		else
			(*wrong)++;
		hc_req_put(reqs[i]);
	}
}

static int hc_fwd_stress_run(u32 nr, unsigned int count)
{
	unsigned int i, queued = 0, refused = 0, right = 0, wrong = 0, timedout = 0;
	struct hypercall_ctx ctx = { .nr = nr, .long_mode = true };
	struct hc_claim_view v;
	struct hc_req **reqs;
	int err;

	if (!hc_claim_view_get(nr, &v))
		return -ENOENT;
	reqs = kvcalloc(count, sizeof(*reqs), GFP_KERNEL);
	if (!reqs) {
		hc_hostfile_put(v.file);
		return -ENOMEM;
	}
	for (i = 0; i < count; i++) {
		ctx.args[0] = i;
		reqs[i] = hc_req_new(&v, &ctx, 0, 0);
		if (!reqs[i])
			break;
		err = hc_req_enqueue(reqs[i]);
		if (err) {
			hc_req_put(reqs[i]);
			reqs[i] = NULL;
			refused++;
			continue;
		}
		queued++;
	}
	hc_fwd_stress_wait(reqs, count, jiffies +
			   msecs_to_jiffies(v.timeout_ms + HC_FWD_STRESS_SLACK_MS),
			   &right, &wrong, &timedout);
	kvfree(reqs);
	hc_hostfile_put(v.file);
	snprintf(hc_fwd_stress_result, sizeof(hc_fwd_stress_result),
		 "queued %u refused %u right %u wrong %u timedout %u\n",
		 queued, refused, right, wrong, timedout);
	return 0;
}

static ssize_t hc_fwd_stress_write(struct file *f, const char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	unsigned int nr, count;
	char buf[32];
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%i %u", &nr, &count) != 2 || !count ||
	    count > HC_FWD_STRESS_MAX)
		return -EINVAL;
	mutex_lock(&hc_fwd_stress_lock);
	ret = hc_fwd_stress_run(nr, count);
	mutex_unlock(&hc_fwd_stress_lock);
	return ret ?: len;
}

static int hc_fwd_stress_show(struct seq_file *m, void *unused)
{
	mutex_lock(&hc_fwd_stress_lock);
	seq_puts(m, hc_fwd_stress_result);
	mutex_unlock(&hc_fwd_stress_lock);
	return 0;
}

static int hc_fwd_stress_open(struct inode *inode, struct file *f)
{
	return single_open(f, hc_fwd_stress_show, NULL);
}

static const struct file_operations hc_fwd_stress_fops = {
	.owner		= THIS_MODULE,
	.open		= hc_fwd_stress_open,
	.read		= seq_read,
	.write		= hc_fwd_stress_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};

void hc_fwd_stress_init(struct dentry *dir)
{
	debugfs_create_file("forward_stress", 0600, dir, NULL,
			    &hc_fwd_stress_fops);
}
