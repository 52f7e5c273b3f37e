// SPDX-License-Identifier: GPL-2.0
/*
 * A third hypercall, added from its own module with hypercall_register():
 * the host tells the guest what only the host knows (its uptime, its TSC
 * frequency, the caller's vCPU id as the VMM created it).
 *
 * Guest side: HYPERCALL_IOC_CALL with nr 14 (HYPERCALL_NR_HOST_INFO),
 * e.g. `hypercall call 14 0` for the host's uptime in ns.
 *
 * A sample, not for a host shared between tenants: every guest on a host
 * gets the same boot time (and TSC frequency), so two guests that compare
 * them learn that they share a host.
 */

#include <linux/kvm_para.h>
#include <linux/module.h>
#include <linux/timekeeping.h>
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

static struct hypercall_handler host_info_handler = {
	.nr	= HYPERCALL_NR_HOST_INFO,
	.name	= "host_info",
	.call	= host_info,
};

module_param_named(nr, host_info_handler.nr, ulong, 0444);
MODULE_PARM_DESC(nr, "Hypercall number of host_info (default 14)");

static int __init host_info_init(void)
{
	return hypercall_register(&host_info_handler);
}
module_init(host_info_init);

static void __exit host_info_exit(void)
{
	hypercall_unregister(&host_info_handler);
}
module_exit(host_info_exit);

MODULE_DESCRIPTION("Sample hypercall: the host's uptime, TSC frequency and the caller's vCPU id");
MODULE_LICENSE("GPL");
