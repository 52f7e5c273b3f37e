// SPDX-License-Identifier: GPL-2.0
/*
 * HYPERCALL_IOC_CALL_BUF: a hypercall that carries an input and an output
 * buffer by guest physical address.
 *
 * The caller's input is copied once into pages of the driver's own, so
 * that what the host reads cannot change under it; the host writes its
 * output into other pages of the driver's, copied out after the call.
 * Each buffer is physically contiguous, so one address and one length
 * describe it. In a confidential guest the host cannot read guest memory:
 * these pages, and only these, are shared with it (decrypted) for the call.
 * HYPERCALL_IOC_DISCOVER (discover.c) takes its pages the same way.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kvm_para.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/set_memory.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <uapi/linux/hypercall.h>

#include "guest.h"

/**
 * hc_buf_get() - take pages of the driver's own for one buffer of a call
 * @b: zeroed by the caller; filled in here
 * @len: bytes the host may read or write; 0 for no buffer (@b->gpa 0)
 *
 * The pages are zeroed, and shared with the host in a confidential guest.
 * hc_buf_put() gives them back, whatever this returned.
 *
 * Return: 0, or -ENOMEM.
 */
int hc_buf_get(struct hc_buf *b, u32 len)
{
	b->size = PAGE_ALIGN(len);
	if (!len)
		return 0;
	b->va = alloc_pages_exact(b->size, GFP_KERNEL);
	if (!b->va)
		return -ENOMEM;
	if (hc_cc_guest &&
	    set_memory_decrypted((unsigned long)b->va, b->size >> PAGE_SHIFT)) {
		/* Neither private nor shared for sure: never reuse them. */
		pr_warn_ratelimited("cannot share %zu bytes with the host; leaking them\n",
				    b->size);
		b->va = NULL;
		return -ENOMEM;
	}
	/* After the conversion: a page made shared reads as garbage. */
	memset(b->va, 0, b->size);
	b->gpa = virt_to_phys(b->va);
	return 0;
}

/**
 * hc_buf_put() - give back what hc_buf_get() took
 * @b: as hc_buf_get() left it
 */
void hc_buf_put(struct hc_buf *b)
{
	if (!b->va)
		return;
	if (hc_cc_guest &&
	    set_memory_encrypted((unsigned long)b->va, b->size >> PAGE_SHIFT)) {
		pr_warn_ratelimited("cannot make %zu bytes private again; leaking them\n",
				    b->size);
		return;
	}
	free_pages_exact(b->va, b->size);
}

long hc_ioctl_call_buf(struct hypercall_buf_call __user *uarg)
{
	struct hc_buf in = { 0 }, out = { 0 };
	struct hypercall_buf_call c;
	void __user *uout;
	long ret;

	if (copy_from_user(&c, uarg, sizeof(c)))
		return -EFAULT;
	if (c.flags || c.reserved || c.nr > U32_MAX)
		return -EINVAL;
	if (c.in_len > HYPERCALL_BUF_MAX || c.out_len > HYPERCALL_BUF_MAX)
		return -E2BIG;
	if (!hc_call_allowed(c.nr) || hc_kvm_nr_refused(c.nr))
		return -EPERM;

	/* As HYPERCALL_IOC_CALL: EFAULT before the call means none was made. */
	uout = u64_to_user_ptr(c.out);
	if (put_user(c.ret, &uarg->ret) || clear_user(uout, c.out_len))
		return -EFAULT;

	ret = hc_buf_get(&in, c.in_len) ?: hc_buf_get(&out, c.out_len);
	if (ret)
		goto out;
	if (copy_from_user(in.va, u64_to_user_ptr(c.in), c.in_len)) {
		ret = -EFAULT;
		goto out;
	}

	c.ret = kvm_hypercall4(c.nr, in.gpa, c.in_len, out.gpa, c.out_len);

	if (copy_to_user(uout, out.va, c.out_len) || put_user(c.ret, &uarg->ret))
		ret = -EFAULT;
out:
	hc_buf_put(&out);
	hc_buf_put(&in);
	return ret;
}
