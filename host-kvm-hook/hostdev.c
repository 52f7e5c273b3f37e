// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hypercall-host: the device through which a host program answers
 * hypercalls (ABI: <uapi/linux/hypercall_hostdev.h>). Claims and requests
 * belong to the open file; forward.c is the vCPU's side.
 *
 * A request is read once (QUEUED -> READ, as userfaultfd moves a message
 * from its pending to its read queue) and answered at most once: a write
 * finds it by id among the file's READ requests and makes it DONE under
 * the file's lock, so a second answer, or one for a request the vCPU gave
 * up, gets ENOENT (as FUSE does for an unknown id).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pid_namespace.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "forward.h"
#include "hook.h"

static int hc_host_open(struct inode *inode, struct file *f)
{
	struct hc_hostfile *file;

	file = kzalloc(sizeof(*file), GFP_KERNEL);
	if (!file)
		return -ENOMEM;
	kref_init(&file->ref);
	spin_lock_init(&file->lock);
	init_waitqueue_head(&file->readq);
	INIT_LIST_HEAD(&file->queue);
	hash_init(file->pending);
	INIT_LIST_HEAD(&file->claims);
	file->ns = get_pid_ns(task_active_pid_ns(current));
	f->private_data = file;
	return stream_open(inode, f);
}

static int hc_host_release(struct inode *inode, struct file *f)
{
	struct hc_hostfile *file = f->private_data;

	hc_claims_drop(file);
	hc_hostfile_put(file);
	return 0;
}

/* The next record, taken off the queue (a call becomes READ), or an error. */
static struct hc_rec *hc_host_next(struct hc_hostfile *file, size_t count,
				   bool nonblock)
{
	struct hc_rec *rec;
	int ret;

	spin_lock(&file->lock);
	while (list_empty(&file->queue)) {
		spin_unlock(&file->lock);
		if (nonblock)
			return ERR_PTR(-EAGAIN);
		/* Exclusive: one record wakes one reader. */
		ret = wait_event_interruptible_exclusive(file->readq,
							 !list_empty_careful(&file->queue));
		if (ret)
			return ERR_PTR(ret);
		spin_lock(&file->lock);
	}
	rec = list_first_entry(&file->queue, struct hc_rec, node);
	if (count < rec->msg.size) {
		spin_unlock(&file->lock);
		return ERR_PTR(-EMSGSIZE);
	}
	list_del_init(&rec->node);
	if (rec->req) {
		rec->req->state = HC_REQ_READ;
		hash_add(file->pending, &rec->req->hnode, rec->msg.id);
		/* The vCPU may give up while the record is copied. */
		refcount_inc(&rec->req->ref);
	}
	spin_unlock(&file->lock);
	return rec;
}

/* A record that could not be copied goes back, first in the queue. */
static void hc_host_unread(struct hc_hostfile *file, struct hc_rec *rec)
{
	spin_lock(&file->lock);
	if (!rec->req) {
		list_add(&rec->node, &file->queue);
	} else if (rec->req->state == HC_REQ_READ) {
		hash_del(&rec->req->hnode);
		rec->req->state = HC_REQ_QUEUED;
		list_add(&rec->node, &file->queue);
	}
	spin_unlock(&file->lock);
}

static ssize_t hc_host_read(struct file *f, char __user *buf, size_t count,
			    loff_t *ppos)
{
	struct hc_hostfile *file = f->private_data;
	struct hypercall_host_msg head;
	struct hc_rec *rec;
	struct hc_req *req;
	ssize_t ret;

	rec = hc_host_next(file, count, f->f_flags & O_NONBLOCK);
	if (IS_ERR(rec))
		return PTR_ERR(rec);
	req = rec->req;
	head = rec->msg;
	head.vm_pid = req ? pid_nr_ns(req->vm, file->ns) : 0;
	ret = rec->msg.size;
	if (copy_to_user(buf, &head, sizeof(head)) ||
	    copy_to_user(buf + sizeof(head), rec->msg.data,
			 rec->msg.size - sizeof(head))) {
		hc_host_unread(file, rec);
		ret = -EFAULT;
	} else if (!req) {
		kfree(rec);	/* a CANCEL record, read */
	}
	if (!list_empty_careful(&file->queue))
		wake_up_interruptible(&file->readq);
	if (req)
		hc_req_put(req);
	return ret;
}

static ssize_t hc_host_write(struct file *f, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	struct hc_hostfile *file = f->private_data;
	struct hypercall_host_answer a;
	struct hc_req *req, *found = NULL;
	void *out = NULL;
	ssize_t ret;

	if (count < sizeof(a))
		return -EINVAL;
	if (copy_from_user(&a, buf, sizeof(a)))
		return -EFAULT;
	if (a.flags || count != sizeof(a) + a.out_len)
		return -EINVAL;
	if (a.out_len > HYPERCALL_HOST_DATA_MAX)
		return -E2BIG;
	if (a.out_len) {
		out = kvmalloc(a.out_len, GFP_KERNEL);
		if (!out)
			return -ENOMEM;
		if (copy_from_user(out, buf + sizeof(a), a.out_len)) {
			kvfree(out);
			return -EFAULT;
		}
	}

	spin_lock(&file->lock);
	hash_for_each_possible(file->pending, req, hnode, a.id) {
		if (req->rec->msg.id == a.id) {
			found = req;
			break;
		}
	}
	ret = -ENOENT;
	if (found && a.out_len > found->rec->msg.out_max)
		ret = -E2BIG;	/* it still waits for a correct answer */
	else if (found)
		ret = count;
	if (ret > 0) {
		hash_del(&found->hnode);
		hc_req_finish(found, a.ret, out, a.out_len);
		out = NULL;
	}
	spin_unlock(&file->lock);
	kvfree(out);
	return ret;
}

static __poll_t hc_host_poll(struct file *f, poll_table *wait)
{
	struct hc_hostfile *file = f->private_data;
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(f, &file->readq, wait);
	if (!list_empty_careful(&file->queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static long hc_host_info(void __user *arg)
{
	struct hypercall_hostdev_info info = {
		.abi_version = HYPERCALL_ABI_VERSION,
		.msg_max = HYPERCALL_HOST_MSG_MAX,
		.queue_max = HC_QUEUE_MAX,
		.discover_nr = hc_discover_nr(),
		.timeout_default_ms = HYPERCALL_CLAIM_TIMEOUT_DEFAULT_MS,
		.timeout_max_ms = HYPERCALL_CLAIM_TIMEOUT_MAX_MS,
	};

	return copy_to_user(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long hc_host_claim(struct hc_hostfile *file, void __user *arg)
{
	struct hypercall_claim c;
	int ret;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	ret = hc_claim_add(file, &c);
	if (ret)
		return ret;
	/* Too late to fail now: the claim stands; its id is in the reply. */
	if (copy_to_user(arg, &c, sizeof(c)))
		return -EFAULT;
	return 0;
}

static long hc_host_unclaim(struct hc_hostfile *file, u64 __user *arg)
{
	u64 id;

	if (get_user(id, arg))
		return -EFAULT;
	return hc_claim_remove(file, id);
}

static long hc_host_policy(void __user *arg)
{
	struct hypercall_policy p;

	/* Rules are the host's, whoever opened the device. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (copy_from_user(&p, arg, sizeof(p)))
		return -EFAULT;
	return hc_policy_set(&p);
}

static long hc_host_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct hc_hostfile *file = f->private_data;

	if (cmd == HYPERCALL_HOST_IOC_INFO)
		return hc_host_info((void __user *)arg);
	/* Claiming acts on every guest's calls: not for a read-only open. */
	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;

	switch (cmd) {
	case HYPERCALL_HOST_IOC_CLAIM:
		return hc_host_claim(file, (void __user *)arg);
	case HYPERCALL_HOST_IOC_UNCLAIM:
		return hc_host_unclaim(file, (u64 __user *)arg);
	case HYPERCALL_HOST_IOC_POLICY:
		return hc_host_policy((void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations hc_host_fops = {
	.owner		= THIS_MODULE,
	.open		= hc_host_open,
	.release	= hc_host_release,
	.read		= hc_host_read,
	.write		= hc_host_write,
	.poll		= hc_host_poll,
	.unlocked_ioctl	= hc_host_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice hc_host_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "hypercall-host",
	.fops	= &hc_host_fops,
	.mode	= 0600,
};

int hc_hostdev_init(void)
{
	return misc_register(&hc_host_miscdev);
}

void hc_hostdev_exit(void)
{
	misc_deregister(&hc_host_miscdev);
}
