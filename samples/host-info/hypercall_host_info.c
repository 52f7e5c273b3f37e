// SPDX-License-Identifier: GPL-2.0
/*
 * A third hypercall, added from its own module with hypercall_register():
 * the host tells the guest what only the host knows (its uptime, its TSC
 * frequency, the caller's vCPU id as the VMM created it).
 *
 * Guest side: HYPERCALL_IOC_CALL with nr 14 (HYPERCALL_NR_HOST_INFO),
 * e.g. `hypercall call 14 0` for the host's uptime in ns.
 *
 * And a fourth, nr 16 (HYPERCALL_NR_HOST_UNAME), that fills a guest buffer
 * given by guest physical address (HYPERCALL_IOC_CALL_BUF, a2 and a3) with
 * a struct hypercall_host_uname: `hypercall uname` in the guest.
 *
 * A sample, not for a host shared between tenants: every guest on a host
 * gets the same boot time (and TSC frequency), so two guests that compare
 * them learn that they share a host.
 */

#include <linux/build_bug.h>
#include <linux/kvm_para.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/utsname.h>
#include <linux/hypercall_host.h>
#include <asm/tsc.h>
#include <uapi/linux/hypercall.h>

static unsigned long host_info_value(const struct hypercall_ctx *ctx)
{
	switch (ctx->args[0]) {
	case HYPERCALL_HOST_INFO_UPTIME_NS:
		return ktime_get_boottime_ns();
	case HYPERCALL_HOST_INFO_TSC_KHZ:
		return tsc_khz;
	case HYPERCALL_HOST_INFO_VCPU_ID:
		return ctx->vcpu_id;
	case HYPERCALL_HOST_INFO_ARG_SUM:
		return ctx->args[1] + ctx->args[2] + ctx->args[3];
	default:
		return -KVM_EINVAL;
	}
}

static int host_info(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	ctx->ret = host_info_value(ctx);
	return 0;
}

static int host_uname(struct hypercall_handler *h, struct hypercall_ctx *ctx)
{
	unsigned long gpa = ctx->args[2], len = ctx->args[3];
	struct hypercall_host_uname u = { 0 };
	struct new_utsname *uts = init_utsname();
	int err;

	BUILD_BUG_ON(sizeof(u) != 280);	/* the same on every guest ABI */
	if (len < sizeof(u)) {
		ctx->ret = -KVM_EINVAL;
		return 0;
	}
	u.boot_time_ns = ktime_get_real_ns() - ktime_get_boottime_ns();
	u.vcpu_id = ctx->vcpu_id;
	strscpy(u.sysname, uts->sysname, sizeof(u.sysname));
	strscpy(u.release, uts->release, sizeof(u.release));
	strscpy(u.version, uts->version, sizeof(u.version));
	strscpy(u.machine, uts->machine, sizeof(u.machine));
	err = hypercall_write_guest(ctx, gpa, &u, sizeof(u));
	ctx->ret = err ? hypercall_kvm_error(err) : sizeof(u);
	return 0;
}

static struct hypercall_handler host_info_handler = {
	.nr	= HYPERCALL_NR_HOST_INFO,
	.name	= "host_info",
	.call	= host_info,
};

static struct hypercall_handler host_uname_handler = {
	.nr	= HYPERCALL_NR_HOST_UNAME,
	.name	= "host_uname",
	.call	= host_uname,
};

module_param_named(nr, host_info_handler.nr, ulong, 0444);
MODULE_PARM_DESC(nr, "Hypercall number of host_info (default 14)");
module_param_named(uname_nr, host_uname_handler.nr, ulong, 0444);
MODULE_PARM_DESC(uname_nr, "Hypercall number of host_uname (default 16)");

static int __init host_info_init(void)
{
	int ret;

	ret = hypercall_register(&host_info_handler);
	if (ret)
		return ret;
	ret = hypercall_register(&host_uname_handler);
	if (ret)
		hypercall_unregister(&host_info_handler);
	return ret;
}
module_init(host_info_init);

static void __exit host_info_exit(void)
{
	hypercall_unregister(&host_uname_handler);
	hypercall_unregister(&host_info_handler);
}
module_exit(host_info_exit);

MODULE_DESCRIPTION("Sample hypercalls: the host's uptime, TSC frequency, the caller's vCPU id, and its uname in a guest buffer");
MODULE_LICENSE("GPL");
