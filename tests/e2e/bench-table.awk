#!/usr/bin/awk -f
# SPDX-License-Identifier: GPL-2.0
# bench-table.awk FILE: "case ns" lines in, one table out: median and spread
# (min-max) per case, and the ratio of medians to KVM's own nr 1 with the
# hook unloaded, measured in the same run. The *-base cases, when there are
# any, are the baseline hook (BENCH_BASELINE) in the same rounds. The
# *echo64 and vsock64 cases are round trips from guest userspace, the
# checks of the answer included.

# median(C): the median of case C's values; sets lo[C] and hi[C].
function median(c,    n, i) {
	n = cnt[c]
	for (i = 1; i <= n; i++)
		vals[i] = val[c, i]
	return median_of(c, n)
}

function median_of(c, n,    i, j, t, v) {
	for (i = 1; i <= n; i++)
		v[i] = vals[i]
	for (i = 2; i <= n; i++)	# insertion sort: a handful of rounds
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	lo[c] = v[1]; hi[c] = v[n]
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

{ val[$1, ++cnt[$1]] = $2 }

END {
	split("nr1 nr1-hook cpuid cpuid-hook hello0-quiet hello0-printk hello1-quiet hello1-printk unknown unknown-hook buf64 buf4k buf64k ioctl-hello0 kernel-echo64 prog-echo64 vsock64 nr1-base cpuid-base hello0-base unknown-base", order)
	name["nr1"] = "KVM_HC_VAPIC_POLL_IRQ (nr 1), hook unloaded"
	name["nr1-hook"] = "KVM_HC_VAPIC_POLL_IRQ (nr 1), hook loaded"
	name["cpuid"] = "CPUID exit (no hypercall), hook unloaded"
	name["cpuid-hook"] = "CPUID exit (no hypercall), hook loaded"
	name["hello0-quiet"] = "HELLO0, trace_printk off"
	name["hello0-printk"] = "HELLO0, trace_printk on"
	name["hello1-quiet"] = "HELLO1, trace_printk off"
	name["hello1-printk"] = "HELLO1, trace_printk on"
	name["unknown"] = "unknown nr 1000 (-KVM_ENOSYS), hook unloaded"
	name["unknown-hook"] = "unknown nr 1000 (-KVM_ENOSYS), hook loaded"
	name["buf64"] = "64 B in, 64 B out by GPA (copy handler, nr 28)"
	name["buf4k"] = "4 KiB in, 4 KiB out by GPA (copy handler)"
	name["buf64k"] = "64 KiB in, 64 KiB out by GPA (copy handler)"
	name["ioctl-hello0"] = "HELLO0 by ioctl from userspace, trace_printk on"
	name["kernel-echo64"] = "64 B echo by ioctl, in-kernel handler (nr 28)"
	name["prog-echo64"] = "64 B echo by ioctl, host program (hypercalld)"
	name["vsock64"] = "64 B echo over virtio-vsock, host program"
	name["nr1-base"] = "KVM_HC_VAPIC_POLL_IRQ (nr 1), baseline hook"
	name["cpuid-base"] = "CPUID exit (no hypercall), baseline hook"
	name["hello0-base"] = "HELLO0, trace_printk off, baseline hook"
	name["unknown-base"] = "unknown nr 1000 (-KVM_ENOSYS), baseline hook"
	if (!cnt["nr1"]) {
		print "no measurement of nr 1: no table"
		exit 1
	}
	base = median("nr1")
	printf "| %-50s | %9s | %17s | %8s |\n", "case", "ns/call", "spread (min-max)", "x nr 1"
	printf "|%s|%s|%s|%s|\n", "----------------------------------------------------", \
		"-----------:", "------------------:", "---------:"
	for (i = 1; i in order; i++) {
		c = order[i]
		if (!cnt[c])
			continue
		m = median(c)
		printf "| %-50s | %9d | %8d-%-8d | %8.3f |\n", name[c], m, lo[c], hi[c], m / base
	}
	# Each round measured both sides within seconds of each other: the
	# median of the per-round ratios cancels the machine's slow drift.
	print ""
	paired("nr1-hook", "nr1", "nr 1, hook loaded / unloaded (target <= 1.02)")
	paired("cpuid-hook", "cpuid", "CPUID exit, hook loaded / unloaded (target <= 1.002)")
	paired("hello0-quiet", "nr1", "HELLO0 trace_printk off / nr 1 unloaded (target <= 1.10)")
	paired("unknown-hook", "unknown", "unknown nr, hook loaded / unloaded")
	paired("prog-echo64", "vsock64", "64 B echo, host program by hypercall / by vsock (target <= 0.5)")
	paired("prog-echo64", "kernel-echo64", "64 B echo by hypercall, host program / in-kernel handler")
	paired("nr1-base", "nr1", "nr 1, baseline hook / unloaded")
	paired("cpuid-base", "cpuid", "CPUID exit, baseline hook / unloaded")
	paired("hello0-base", "nr1", "HELLO0 trace_printk off, baseline hook / nr 1 unloaded")
}

# paired(A, B, LABEL): the median of the per-round ratios A / B; nothing
# when either was not measured.
function paired(a, b, label,    i, n) {
	n = cnt[a] < cnt[b] ? cnt[a] : cnt[b]
	if (!n)
		return
	for (i = 1; i <= n; i++)
		vals[i] = val[a, i] / val[b, i]
	m = median_of("ratio", n)
	printf "per-round ratio, %s: median %.3f (min %.3f, max %.3f, %d rounds)\n", \
		label, m, lo["ratio"], hi["ratio"], n
}
