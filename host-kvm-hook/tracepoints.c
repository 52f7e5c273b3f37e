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

#define HC_MAX_PROBES	8

static struct tracepoint *hc_tps[HC_MAX_PROBES];
static struct module *hc_module;
static unsigned int hc_nprobes;

static void hc_match(struct tracepoint *tp, const char *module)
{
	const struct hc_probe *p;

	for (p = hc_probes; p->name; p++)
		if (!strcmp(tp->name, p->name) &&
		    !p->module == !module && (!module || !strcmp(p->module, module)))
			hc_tps[p - hc_probes] = tp;
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
	const struct hc_probe *p;
	unsigned int i;

	if (state != MODULE_STATE_COMING || hc_module)
		return NOTIFY_OK;
	for (p = hc_probes; p->name; p++)
		if (p->module && !strcmp(p->module, mod->name))
			break;
	if (!p->name || !try_module_get(mod))
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
	const struct hc_probe *p;
	char buf[160];
	int n = 0;

	for (p = hc_probes; p->name; p++)
		n += scnprintf(buf + n, sizeof(buf) - n, "%s%s:%s",
			       p == hc_probes ? "" : ", ",
			       p->module ?: "kernel", p->name);
	pr_info("hooked %s (tracepoints)\n", buf);
}

int hc_hook_register(void)
{
	const struct hc_probe *p;
	unsigned int n;
	int ret;

	for (n = 0; hc_probes[n].name; n++)
		;
	if (WARN_ON(n > HC_MAX_PROBES))
		return -EINVAL;
	hc_nprobes = n;

	for_each_kernel_tracepoint(hc_match_kernel, NULL);
	ret = register_tracepoint_module_notifier(&hc_module_nb);
	if (ret)
		return ret;
	unregister_tracepoint_module_notifier(&hc_module_nb);
	if (!hc_module) {
		pr_err("kvm's tracepoints not found: load kvm and kvm_amd or kvm_intel first\n");
		return -ENODEV;
	}
	for (p = hc_probes; p->name; p++) {
		if (!hc_tps[p - hc_probes]) {
			pr_err("tracepoint %s not found in %s\n", p->name,
			       p->module ?: "the kernel");
			ret = -ENOENT;
			goto out_put;
		}
	}

	ret = hc_calls_init();
	if (ret)
		goto out_put;
	/* First in the table, kvm_hypercall's probe opens calls: attach it last. */
	for (n = hc_nprobes; n--; ) {
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
	while (++n < hc_nprobes)
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
	for (n = 0; n < hc_nprobes; n++)
		tracepoint_probe_unregister(hc_tps[n], hc_probes[n].func, NULL);
	tracepoint_synchronize_unregister();
	hc_calls_exit();
	module_put(hc_module);
}
