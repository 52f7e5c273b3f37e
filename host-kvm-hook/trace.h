/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypercall:hypercall trace event: one per call of a registered number,
 * whoever answered it, with the registered handler's name (its first 15
 * characters).
 */

#undef TRACE_SYSTEM
#define TRACE_SYSTEM hypercall

#if !defined(HYPERCALL_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define HYPERCALL_TRACE_H

#include <linux/tracepoint.h>
#include <linux/hypercall_host.h>

#include "hook.h"

/* So that perf and trace-cmd can print the verdict's name. */
TRACE_DEFINE_ENUM(HC_HANDLED);
TRACE_DEFINE_ENUM(HC_PASSED);
TRACE_DEFINE_ENUM(HC_REJECTED);
TRACE_DEFINE_ENUM(HC_DECLINED);
TRACE_DEFINE_ENUM(HC_RESTARTED);
TRACE_DEFINE_ENUM(HC_FILTERED);

TRACE_EVENT(hypercall,
	TP_PROTO(const struct hypercall_ctx *ctx, const char *name,
		 unsigned long ret, enum hc_verdict verdict),
	TP_ARGS(ctx, name, ret, verdict),

	TP_STRUCT__entry(
		__field(u64, nr)
		__array(u64, args, 4)
		__field(s64, ret)
		__field(int, vcpu_id)
		__field(pid_t, vm_pid)
		__field(u8, verdict)
		__array(char, name, 16)
	),

	TP_fast_assign(
		__entry->nr = ctx->nr;
		__entry->args[0] = ctx->args[0];
		__entry->args[1] = ctx->args[1];
		__entry->args[2] = ctx->args[2];
		__entry->args[3] = ctx->args[3];
		__entry->ret = (long)ret;
		__entry->vcpu_id = ctx->vcpu_id;
		__entry->vm_pid = ctx->vm_pid;
		__entry->verdict = verdict;
		strscpy(__entry->name, name, sizeof(__entry->name));
	),

	TP_printk("nr=%llu a0=0x%llx a1=0x%llx a2=0x%llx a3=0x%llx ret=%lld vcpu=%d vm_pid=%d %s handler=%s",
		  __entry->nr, __entry->args[0], __entry->args[1],
		  __entry->args[2], __entry->args[3], __entry->ret,
		  __entry->vcpu_id, __entry->vm_pid,
		  __print_symbolic(__entry->verdict,
				   { HC_HANDLED, "handled" },
				   { HC_PASSED, "passed" },
				   { HC_REJECTED, "rejected" },
				   { HC_DECLINED, "declined" },
				   { HC_RESTARTED, "restarted" },
				   { HC_FILTERED, "filtered" }),
		  __entry->name)
);

#endif /* HYPERCALL_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
