// SPDX-License-Identifier: GPL-2.0
/*
 * The hook: an ftrace redirect of KVM's hypercall function (hook_point.c
 * says which, by kernel), the way livepatch sends a function to its
 * replacement. The ftrace callback runs at the function's entry and, for a
 * number that may be registered, sets the IP to our wrapper, which then runs
 * in place of KVM's function, in its context (the vCPU's thread, process
 * context), and calls it. Other numbers pay one bit test; other VM exits
 * pay nothing.
 *
 * KVM exports its function to nobody on 7.x: it is found by name, through a
 * kprobe's symbol lookup. On IBT kernels that address lies past the
 * function's ENDBR64, where an indirect call faults: the wrapper calls the
 * function's real start.
 *
 * kvm.ko is pinned while the hook is there: ftrace must not keep a filter
 * on a module that is gone, nor the wrapper call into one.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/srcu.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>

#include "hook.h"
#include "hook_point.h"

/* f3 0f 1e fa, as a little-endian u32 */
#define HC_ENDBR64	0xfa1e0ff3U

static struct module *hc_kvm_module;
static unsigned long hc_fentry;

static void notrace hc_ftrace(unsigned long ip, unsigned long parent_ip,
			      struct ftrace_ops *ops, struct hc_fregs *regs)
{
	struct kvm_vcpu *vcpu = (struct kvm_vcpu *)hc_fregs_arg0(regs);

	if (likely(!hc_registry_maybe(hc_point_nr(vcpu))))
		return;
	/* The wrapper's own call of KVM's function goes through. */
	if (within_module(parent_ip, THIS_MODULE))
		return;
	hc_fregs_set_ip(regs, (unsigned long)hc_point_wrapper);
}

static struct ftrace_ops hc_ops = {
	.func = hc_ftrace,
	.flags = HC_FTRACE_FLAGS,
};

/* kvm.ko, found among the modules with tracepoints, which it has. */
static int hc_kvm_module_note(struct notifier_block *nb, unsigned long state,
			      void *data)
{
	struct module *mod = ((struct tp_module *)data)->mod;

	if (state == MODULE_STATE_COMING && !hc_kvm_module &&
	    !strcmp(mod->name, "kvm") && try_module_get(mod))
		hc_kvm_module = mod;
	return NOTIFY_OK;
}

static struct notifier_block hc_kvm_module_nb = {
	.notifier_call = hc_kvm_module_note,
};

static int hc_kvm_module_get(void)
{
	int ret;

	/* Registering calls back at once for every such module loaded. */
	ret = register_tracepoint_module_notifier(&hc_kvm_module_nb);
	if (ret)
		return ret;
	unregister_tracepoint_module_notifier(&hc_kvm_module_nb);
	return hc_kvm_module ? 0 : -ENODEV;
}

/*
 * KVM's function: where ftrace hooks it (@hc_fentry) and where a call of it
 * must go (its start, with its ENDBR64 on IBT kernels).
 */
static int hc_find_function(unsigned long *start)
{
	struct kprobe kp = { .symbol_name = hc_point_name };
	u32 insn;
	int ret;

	ret = register_kprobe(&kp);
	if (ret)
		return ret;
	hc_fentry = (unsigned long)kp.addr;
	unregister_kprobe(&kp);

	*start = hc_fentry;
	if (!IS_ENABLED(CONFIG_X86_KERNEL_IBT))
		return 0;
	/* An indirect call must land on the ENDBR64, which a kprobe skips. */
	if (!get_kernel_nofault(insn, (u32 *)hc_fentry) && insn == HC_ENDBR64)
		return 0;
	if (!get_kernel_nofault(insn, (u32 *)(hc_fentry - 4)) && insn == HC_ENDBR64) {
		*start = hc_fentry - 4;
		return 0;
	}
	return -ENOEXEC;
}

int hc_hook_register(void)
{
	unsigned long start;
	int ret;

	/* Pinned first, so that the function found stays where it is. */
	if (hc_kvm_module_get()) {
		pr_err("kvm's module not found: load kvm and kvm_amd or kvm_intel first\n");
		return -ENODEV;
	}
	ret = hc_find_function(&start);
	if (ret == -ENOEXEC) {
		pr_err("%s has no ENDBR64 at its start: an indirect call would fault under IBT\n",
		       hc_point_name);
		goto out_put;
	}
	if (ret || !within_module(start, hc_kvm_module)) {
		pr_err("%s not found in kvm (%d): load kvm and kvm_amd or kvm_intel first\n",
		       hc_point_name, ret);
		ret = -ENODEV;
		goto out_put;
	}
	hc_point_kvm = (void *)start;

	ret = ftrace_set_filter_ip(&hc_ops, hc_fentry, 0, 0);
	if (ret) {
		pr_err("ftrace cannot hook %s: %d\n", hc_point_name, ret);
		goto out_put;
	}
	ret = register_ftrace_function(&hc_ops);
	if (ret == -EBUSY) {
		pr_err("cannot redirect %s: another ftrace user already redirects it (a livepatch of it?)\n",
		       hc_point_name);
		goto out_filter;
	}
	if (ret) {
		pr_err("cannot redirect %s: %d\n", hc_point_name, ret);
		goto out_filter;
	}
	pr_info("hooked %s (ftrace redirect), calling it at %pS%s\n",
		hc_point_name, (void *)start,
		IS_ENABLED(CONFIG_X86_KERNEL_IBT) ? " (its ENDBR64)" : "");
	return 0;

out_filter:
	ftrace_set_filter_ip(&hc_ops, hc_fentry, 1, 0);
out_put:
	module_put(hc_kvm_module);
	return ret;
}

void hc_hook_unregister(void)
{
	/*
	 * No callback runs once this returns (ftrace waits for tasks in its
	 * trampoline, with RCU tasks): nobody is sent to the wrapper anew.
	 */
	unregister_ftrace_function(&hc_ops);
	ftrace_set_filter_ip(&hc_ops, hc_fentry, 1, 0);
	/* Every wrapper still running, asleep or not, leaves its body... */
	synchronize_srcu(&hc_srcu);
	/*
	 * ...and its last instructions, after srcu_read_unlock(): a task
	 * preempted there holds up an RCU tasks grace period until it
	 * schedules on its own, back in KVM.
	 */
	synchronize_rcu_tasks();
	module_put(hc_kvm_module);
}
