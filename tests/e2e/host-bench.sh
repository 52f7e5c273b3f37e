# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Host (L1) side of the benchmark: per round, the hook loaded with
# trace_printk on, then off, then unloaded, then (with BASELINE_HOOK, an
# older revision's hypercall_hook.ko, its hello handlers inside it) the
# baseline loaded with its trace_printk off, then unloaded again; sourced by
# l1-host.sh, bash. The two hooks share a module name: never both loaded.

hook=$BUILD/host-kvm-hook/hypercall_hook.ko
hello=$BUILD/samples/hello/hypercall_hello.ko
# Its nr 28 copies a guest buffer to another: the data calls' handler.
test_ko=$BUILD/tests/modules/hc_test/hypercall_test.ko
rounds=${BENCH_ROUNDS:-5}
n=${BENCH_N:-2000}

check "host: kvm_amd loads" modprobe kvm_amd
mkdir -p "$MBOX"
base=${BASELINE_HOOK:-}

# baseline_step R: the baseline hook loaded, logging off, for the guest's
# step d of round R, then unloaded.
baseline_step() {
	[ -z "$base" ] && return 0
	insmod "$base" &&
		echo 0 > /sys/module/hypercall_hook/parameters/trace_printk &&
		signal "r$1.baseline" && await "r$1.d" &&
		rmmod hypercall_hook
}

start_guest "ROUNDS=$rounds N=$n BASELINE=${base:+1}"
for ((r = 1; r <= rounds; r++)); do
	{
		insmod "$hook" && insmod "$hello" && insmod "$test_ko" &&
			signal "r$r.loaded" && await "r$r.a" &&
			echo 0 > /sys/module/hypercall_hello/parameters/trace_printk &&
			signal "r$r.quiet" && await "r$r.b" &&
			rmmod hypercall_test hypercall_hello hypercall_hook &&
			signal "r$r.unloaded" && await "r$r.c" &&
			baseline_step "$r"
	} || break
done
check_eq "host: $rounds benchmark rounds" $((rounds + 1)) "$r"
wait_guest

{
	echo "benchmark: $rounds interleaved rounds of $n hypercalls per case, in the guest kernel"
	echo "host (L1) and guest (L2): Linux $KVER; L1 under QEMU TCG -cpu max ${L1_QEMU_EXTRA:-} on: $OUTER_CPU"
	[ -n "$base" ] && echo "baseline: the host hook of $BASELINE_REV, loaded alone in step d of each round"
	"$E2E/bench-table.awk" "$MBOX/bench.txt"
} > /out/report
cp "$MBOX/bench.txt" /out/
