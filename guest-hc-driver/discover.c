// SPDX-License-Identifier: GPL-2.0
/*
 * HYPERCALL_NR_DISCOVER: what the host offers this VM.
 *
 * The host hook answers the probe (a0 = a1 = 0) with its magic, and a call
 * with a buffer by writing the table there (as much of it as fits) and
 * answering the table's whole size. HYPERCALL_IOC_DISCOVER passes this on
 * to userspace; at load the driver logs what the host offers, one line.
 *
 * The number is the driver's own, not one of KVM's (1 to 12): allow_nr and
 * the confidential guest's refusal do not apply. The buffer is pages of the
 * driver's, shared with the host in a confidential guest, as for
 * HYPERCALL_IOC_CALL_BUF (buf_call.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kvm_para.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <uapi/linux/hypercall.h>

#include "guest.h"

/* The log line's room for entries; the printk line limit is about 1 KiB. */
#define HC_DISCOVER_LINE	480

/*
 * One discovery call into @len bytes of fresh pages of the driver's (@len
 * 0: none, and the call is the probe). The caller gives @b back with
 * hc_buf_put(), whatever this returned.
 */
static int hc_discover(struct hc_buf *b, u32 len, long *answer)
{
	int ret = hc_buf_get(b, len);

	if (ret)
		return ret;
	/* a2 and a3 must be 0: all four registers are passed, as in call.c. */
	*answer = kvm_hypercall4(HYPERCALL_NR_DISCOVER, b->gpa, len, 0, 0);
	return 0;
}

/**
 * hc_ioctl_discover() - HYPERCALL_IOC_DISCOVER: the host's table to userspace
 * @uarg: the caller's &struct hypercall_discover_call
 *
 * Copies to @uarg->buf as much of the table as the host wrote and @len
 * holds; the rest of @len stays zeroed. A @len of 0 makes the call the
 * probe, which the host answers with %HYPERCALL_DISCOVER_MAGIC.
 *
 * Return: 0 when the hypercall was made (its answer in @uarg->ret),
 * -EINVAL, -E2BIG, -EFAULT or -ENOMEM otherwise.
 */
long hc_ioctl_discover(struct hypercall_discover_call __user *uarg)
{
	struct hypercall_discover_call c;
	struct hc_buf b = { 0 };
	void __user *ubuf;
	long answer;
	int ret;

	if (copy_from_user(&c, uarg, sizeof(c)))
		return -EFAULT;
	if (c.flags)
		return -EINVAL;
	if (c.len > HYPERCALL_BUF_MAX)
		return -E2BIG;

	/* As HYPERCALL_IOC_CALL_BUF: EFAULT before the call means none was made. */
	ubuf = u64_to_user_ptr(c.buf);
	if (put_user(c.ret, &uarg->ret) || clear_user(ubuf, c.len))
		return -EFAULT;

	ret = hc_discover(&b, c.len, &answer);
	if (ret)
		goto out;
	c.ret = answer;
	if (answer > 0 && copy_to_user(ubuf, b.va, min_t(long, c.len, answer)))
		ret = -EFAULT;
	if (put_user(c.ret, &uarg->ret))
		ret = -EFAULT;
out:
	hc_buf_put(&b);
	return ret;
}

/* One entry as "13 hello1": numbers of the project's range in hex. */
static void __init hc_discover_entry_str(char *s, size_t size,
					 const struct hypercall_discover_entry *e)
{
	char name[sizeof(e->name) + 1];
	size_t i;

	/* The host's text: printable ASCII only, and no further than its field. */
	for (i = 0; i < sizeof(e->name) && e->name[i]; i++)
		name[i] = isascii(e->name[i]) && isprint(e->name[i]) ? e->name[i] : '?';
	name[i] = '\0';
	scnprintf(s, size, e->nr < 0x10000 ? "%u %s" : "%#x %s", e->nr, name);
}

/* The line hc_discover_log() prints, from the @got bytes of the table in @t. */
static void __init hc_discover_log_table(const u8 *t, size_t got)
{
	static char line[HC_DISCOVER_LINE] __initdata;
	struct hypercall_discover_entry e;
	struct hypercall_discover_hdr h;
	char one[48];
	size_t len = 0;
	u32 i, n;

	/*
	 * Each field read once, from a copy: in a confidential guest the
	 * host may change the shared pages while they are read.
	 */
	memcpy(&h, t, sizeof(h));
	if (h.magic != HYPERCALL_DISCOVER_TABLE_MAGIC ||
	    h.abi_version != HYPERCALL_ABI_VERSION ||
	    h.hdr_size < sizeof(h) || h.entry_size < sizeof(e) || h.hdr_size > got) {
		pr_info("host's discovery table unknown (magic %#llx, abi_version %u, hdr_size %u, entry_size %u): not listed\n",
			h.magic, h.abi_version, h.hdr_size, h.entry_size);
		return;
	}
	n = min_t(size_t, h.count, (got - h.hdr_size) / h.entry_size);
	line[0] = '\0';
	for (i = 0; i < n; i++) {
		memcpy(&e, t + h.hdr_size + (size_t)i * h.entry_size, sizeof(e));
		hc_discover_entry_str(one, sizeof(one), &e);
		/* Room left for this entry and for ", ... (4294967295 more)". */
		if (len + strlen(one) + 2 + 24 >= sizeof(line))
			break;
		len += scnprintf(line + len, sizeof(line) - len, "%s%s",
				 i ? ", " : "", one);
	}
	if (i < h.count)
		scnprintf(line + len, sizeof(line) - len, "%s... (%u more)",
			  i ? ", " : "", h.count - i);
	pr_info("host offers %u%s%s\n", h.count, h.count ? ": " : "", line);
}

/**
 * hc_discover_log() - log what the host offers this VM, one line
 *
 * Probes for the host hook's discovery and, where it answers, reads its
 * table: first into a page, then, should the table be larger, into as
 * much as %HYPERCALL_BUF_MAX holds. Whatever goes wrong is logged, never
 * a reason not to load.
 */
void __init hc_discover_log(void)
{
	struct hc_buf b = { 0 };
	long answer;
	u32 len;

	answer = kvm_hypercall4(HYPERCALL_NR_DISCOVER, 0, 0, 0, 0);
	if (answer == -KVM_ENOSYS) {
		pr_info("host offers no discovery (hook not loaded, or older)\n");
		return;
	}
	if (answer != HYPERCALL_DISCOVER_MAGIC) {
		pr_info("host answered the discovery probe (nr %#x) with %ld, not the hook's magic: no discovery\n",
			HYPERCALL_NR_DISCOVER, answer);
		return;
	}

	len = PAGE_SIZE;
	if (hc_discover(&b, len, &answer))
		goto fail;
	if (answer > len) {
		hc_buf_put(&b);
		memset(&b, 0, sizeof(b));
		len = min_t(long, answer, HYPERCALL_BUF_MAX);
		if (hc_discover(&b, len, &answer))
			goto fail;
	}
	if (answer < (long)sizeof(struct hypercall_discover_hdr)) {
		pr_info("host answered the discovery call with %ld, not a table: not listed\n",
			answer);
		goto out;
	}
	hc_discover_log_table(b.va, min_t(long, answer, len));
	goto out;
fail:
	pr_info("no memory to read the host's discovery table: not listed\n");
out:
	hc_buf_put(&b);
}
