# SPDX-License-Identifier: GPL-2.0
# Host (L1) side of the benchmark: per round, the hook loaded with
# trace_printk on, then off, then unloaded; sourced by l1-host.sh, bash.

hook=$BUILD/host-kvm-hook/hypercall_hook.ko
hello=$BUILD/samples/hello/hypercall_hello.ko
rounds=${BENCH_ROUNDS:-5}
n=${BENCH_N:-2000}

check "host: kvm_amd loads" modprobe kvm_amd
mkdir -p "$MBOX"
start_guest "ROUNDS=$rounds N=$n"
for ((r = 1; r <= rounds; r++)); do
	insmod "$hook" && insmod "$hello" && signal "r$r.loaded" && await "r$r.a" &&
		echo 0 > /sys/module/hypercall_hello/parameters/trace_printk &&
		signal "r$r.quiet" && await "r$r.b" &&
		rmmod hypercall_hello hypercall_hook && signal "r$r.unloaded" && await "r$r.c" ||
		break
done
check_eq "host: $rounds benchmark rounds" $((rounds + 1)) "$r"
wait_guest

{
	echo "benchmark: $rounds interleaved rounds of $n hypercalls per case, in the guest kernel"
	echo "host (L1) and guest (L2): Linux $KVER; L1 under QEMU TCG -cpu max ${L1_QEMU_EXTRA:-} on: $OUTER_CPU"
	"$E2E/bench-table.awk" "$MBOX/bench.txt"
} > /out/report
cp "$MBOX/bench.txt" /out/
