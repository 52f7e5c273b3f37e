# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Guest (L2) side of the benchmark; sourced by l2-init, busybox sh. The host
# changes its state between the steps of each round; /mbox/config sets
# ROUNDS, N (calls per measurement), BASELINE (non-empty: step d, the
# baseline hook loaded with its logging off) and VSOCK (1: the vsock case).

# shellcheck source=/dev/null
. /mbox/config
mount -t debugfs debugfs /sys/kernel/debug
# The default numbers (13 to 16), the host's copy handler (28) and
# hypercalld's echo, for the ioctl cases.
insmod /test/hypercall_guest.ko allow_nr=13,14,15,16,28,0x4B480001
insmod /test/hypercall_bench.ko
run=/sys/kernel/debug/hypercall_bench/run

# measure CASE NR: N calls of NR (or N CPUID exits, for "cpuid") in the
# guest kernel, ns per call.
measure() {
	echo "$2 $N" > $run && echo "$1 $(($(cat $run) / N))" >> /mbox/bench.txt
}

# measure_buf CASE LEN: N calls of the host's copy handler (nr 28), LEN
# bytes in and LEN bytes out, ns per call.
measure_buf() {
	echo "buf 28 $N $2" > $run && echo "$1 $(($(cat $run) / N))" >> /mbox/bench.txt
}

# measure_prog CASE ARGS...: bench_forward ARGS from userspace, ns per
# round trip: a 64-byte request and its answer by HYPERCALL_IOC_CALL_BUF,
# answered by hypercalld's echo (0x4B480001) or the in-kernel copy handler
# (28), or over vsock to the host's (CID 2) echo server on port 5000. A
# failure leaves the case out (its error in /mbox/l2-stdout).
measure_prog() {
	c=$1
	shift
	t=$(/test/bench_forward "$@") && echo "$c $t" >> /mbox/bench.txt
}

ok=1
for r in $(seq "$ROUNDS"); do
	await "r$r.loaded" || { ok=; break; }
	measure nr1-hook 1
	measure cpuid-hook cpuid
	measure hello0-printk 12
	measure hello1-printk 13
	measure unknown-hook 1000
	measure_buf buf64 64
	measure_buf buf4k 4096
	measure_buf buf64k 65536
	echo "ioctl-hello0 $(/test/bench_ioctl "$N")" >> /mbox/bench.txt
	signal "r$r.a"
	# The host's programs run in a step of their own, apart from the rest.
	await "r$r.programs" || { ok=; break; }
	measure_prog prog-echo64 buf 0x4B480001 64 "$N"
	measure_prog kernel-echo64 buf 28 64 "$N"
	[ "$VSOCK" = 1 ] && measure_prog vsock64 vsock-client 2 5000 64 "$N"
	signal "r$r.a2"
	await "r$r.quiet" || { ok=; break; }
	measure hello0-quiet 12
	measure hello1-quiet 13
	signal "r$r.b"
	await "r$r.unloaded" || { ok=; break; }
	measure nr1 1
	measure cpuid cpuid
	measure unknown 1000
	signal "r$r.c"
	[ -z "$BASELINE" ] && continue
	await "r$r.baseline" || { ok=; break; }
	measure nr1-base 1
	measure cpuid-base cpuid
	measure hello0-base 12
	measure unknown-base 1000
	signal "r$r.d"
done
check "guest: all benchmark rounds ran" test "$ok"
dmesg > /mbox/l2-dmesg
no_oops "guest: kernel log clean since the benchmark began" /mbox/l2-dmesg
