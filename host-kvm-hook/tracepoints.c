// SPDX-License-Identifier: GPL-2.0
/*
 * The hook: probes on KVM's own tracepoints (hook_point.c says which and
 * why), found by name, since KVM exports neither them nor its functions.
 *
 * A tracepoint with a probe costs its call site a direct call, where a
 * kprobe on KVM's hypercall function costs every hypercall a trap into the
 * kprobe machinery: the hook must be nearly free for the hypercalls it does
 * not own (PV IPIs, spinlock kicks, yields).
 *
 * KVM is pinned while the probes are attached: a module must not leave with
 * probes on its tracepoints.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "hook.h"

static struct tracepoint *hc_tps[HC_NPROBES];
static struct module *hc_module;

/* @module: the module defining @tp, or NULL for the kernel itself. */
static void hc_match(struct tracepoint *tp, const char *module)
{
	unsigned int n;

	for (n = 0; n < HC_NPROBES; n++) {
		const char *want = hc_probes[n].module;

		if (!strcmp(tp->name, hc_probes[n].name) &&
		    (want && module ? !strcmp(want, module) : want == module))
			hc_tps[n] = tp;
	}
}

static void hc_match_kernel(struct tracepoint *tp, void *unused)
{
	hc_match(tp, NULL);
}

/* Called for every module with tracepoints when the notifier registers. */
static int hc_match_module(struct notifier_block *nb, unsigned long state,
			   void *data)
{
	struct module *mod = ((struct tp_module *)data)->mod;
	unsigned int i;

	if (state != MODULE_STATE_COMING || hc_module)
		return NOTIFY_OK;
	for (i = 0; i < HC_NPROBES; i++)
		if (hc_probes[i].module && !strcmp(hc_probes[i].module, mod->name))
			break;
	if (i == HC_NPROBES || !try_module_get(mod))
		return NOTIFY_OK;

	hc_module = mod;
	for (i = 0; i < mod->num_tracepoints; i++)
		hc_match(tracepoint_ptr_deref(&mod->tracepoints_ptrs[i]), mod->name);
	return NOTIFY_OK;
}

static struct notifier_block hc_module_nb = {
	.notifier_call = hc_match_module,
};

/* "hooked kvm:kvm_hypercall, ...": where the hook is, for the log. */
static void hc_say_hooked(void)
{
	char buf[160];
	unsigned int i;
	int n = 0;

	for (i = 0; i < HC_NPROBES; i++)
		n += scnprintf(buf + n, sizeof(buf) - n, "%s%s:%s",
			       i ? ", " : "", hc_probes[i].module ?: "kernel",
			       hc_probes[i].name);
	pr_info("hooked %s (tracepoints)\n", buf);
}

int hc_hook_register(void)
{
	unsigned int n;
	int ret;

	for_each_kernel_tracepoint(hc_match_kernel, NULL);
	ret = register_tracepoint_module_notifier(&hc_module_nb);
	if (ret)
		return ret;
	unregister_tracepoint_module_notifier(&hc_module_nb);
	if (!hc_module) {
		pr_err("kvm's tracepoints not found: load kvm and kvm_amd or kvm_intel first\n");
		return -ENODEV;
	}
	for (n = 0; n < HC_NPROBES; n++) {
		if (!hc_tps[n]) {
			pr_err("tracepoint %s not found in %s\n", hc_probes[n].name,
			       hc_probes[n].module ?: "the kernel");
			ret = -ENOENT;
			goto out_put;
		}
	}

	ret = hc_calls_init();
	if (ret)
		goto out_put;
	/* Last to first: kvm_hypercall's probe, which opens calls, last. */
	for (n = HC_NPROBES; n--; ) {
		ret = tracepoint_probe_register(hc_tps[n], hc_probes[n].func, NULL);
		if (ret) {
			pr_err("cannot attach to tracepoint %s: %d\n",
			       hc_probes[n].name, ret);
			goto out_detach;
		}
	}
	hc_say_hooked();
	return 0;

out_detach:
	while (++n < HC_NPROBES)
		tracepoint_probe_unregister(hc_tps[n], hc_probes[n].func, NULL);
	tracepoint_synchronize_unregister();
	hc_calls_exit();
out_put:
	module_put(hc_module);
	return ret;
}

void hc_hook_unregister(void)
{
	unsigned int n;

	/*
	 * Once this returns no probe of ours runs or can run: calls still
	 * open get KVM's -KVM_ENOSYS. kvm_hypercall's probe goes first.
	 */
	for (n = 0; n < HC_NPROBES; n++)
		tracepoint_probe_unregister(hc_tps[n], hc_probes[n].func, NULL);
	tracepoint_synchronize_unregister();
	hc_calls_exit();
	module_put(hc_module);
}
