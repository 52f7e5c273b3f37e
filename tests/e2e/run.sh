#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [--demo] [SCENARIO]: the end-to-end test, as TAP on stdout.
#
# Builds the modules for a Debian kernel, boots that kernel under QEMU/TCG
# with an emulated AMD CPU (SVM, nested paging) as a throwaway KVM host (L1),
# whose root is this machine's root over virtio-9p with a tmpfs overlay. L1
# loads kvm_amd and the host hook and runs a guest (L2, a busybox initramfs)
# with qemu -enable-kvm; the guest loads /dev/hypercall and runs the test.
# --demo prints the host's trace lines as the tutorial shows them.
#
# Kernels: KERNEL (default 6.1) for both, or HOST_KERNEL and GUEST_KERNEL
# (5.10, 6.1, 6.12, 7; see scripts/fetch-kernel.sh).
#
# BENCH_BASELINE (scenario bench): a git revision whose host hook is built
# too and timed beside the current one, in the same rounds.

set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
e2e=$top/tests/e2e
demo=
[ "${1:-}" = --demo ] && { demo=1; shift; }
scenario=${1:-hello}
host_series=${HOST_KERNEL:-${KERNEL:-6.1}}
guest_series=${GUEST_KERNEL:-$host_series}

say() { echo "# $*"; }

# fail WHAT: the run cannot start; a TAP failure, not a silent exit.
fail() {
	echo "not ok - $1"
	echo "1..1"
	exit 1
}

"$top/scripts/ensure-deps.sh"

# kernel SERIES PREFIX: fetch a kernel and build the modules for it, in a
# private copy of the sources per kernel; sets PREFIX_KVER, PREFIX_KROOT,
# PREFIX_VMLINUZ and PREFIX_BUILD.
kernel() {
	# KROOT and VMLINUZ: read through the eval at the end.
	# shellcheck disable=SC2034
	local KVER KROOT KDIR VMLINUZ KMAKE build vars
	vars=$("$top/scripts/fetch-kernel.sh" "$1") || fail "fetch kernel $1"
	eval "$vars"
	build=$top/build/$KVER
	if [ ! -e "$build/.built" ]; then
		rm -rf "$build"
		mkdir -p "$build"
		cp -r "$top/Kbuild" "$top/include" "$top/host-kvm-hook" "$top/guest-hc-driver" \
			"$top/samples" "$top/bench" "$build/"
		mkdir -p "$build/tests"
		cp -r "$top/tests/modules" "$build/tests/"
		$KMAKE -s -C "$KDIR" M="$build" W=1 KCFLAGS=-Werror modules \
			> "$build/make.log" 2>&1 || {
			sed 's/^/# /' "$build/make.log"
			fail "modules build for $KVER"
		}
		touch "$build/.built"
	fi
	eval "$2_KVER=\$KVER $2_KROOT=\$KROOT $2_VMLINUZ=\$VMLINUZ $2_BUILD=\$build"
}

# baseline REV: the host hook of git revision REV (its host-kvm-hook/ and
# include/, its own Kbuild), built as the current one is, next to it in
# build/<KVER>-baseline; sets BASELINE_HOOK to its .ko.
baseline() {
	# KROOT and VMLINUZ: set by the eval, only to keep them local.
	# shellcheck disable=SC2034
	local KVER KROOT KDIR VMLINUZ KMAKE build vars rev
	rev=$(git -C "$top" rev-parse --verify --quiet "$1^{commit}") ||
		fail "BENCH_BASELINE: no git revision $1"
	vars=$("$top/scripts/fetch-kernel.sh" "$host_series") || fail "fetch kernel $host_series"
	eval "$vars"
	build=$top/build/$KVER-baseline
	rm -rf "$build"
	mkdir -p "$build"
	git -C "$top" archive "$rev" host-kvm-hook include | tar -x -C "$build" ||
		fail "BENCH_BASELINE: extract host-kvm-hook/ and include/ of $1"
	echo "obj-m += host-kvm-hook/" > "$build/Kbuild"
	$KMAKE -s -C "$KDIR" M="$build" W=1 KCFLAGS=-Werror modules \
		> "$build/make.log" 2>&1 || {
		sed 's/^/# /' "$build/make.log"
		fail "baseline ($1) modules build for $KVER"
	}
	echo "$rev" > "$build/rev"
	BASELINE_HOOK=$build/host-kvm-hook/hypercall_hook.ko
	BASELINE_REV=$(git -C "$top" rev-parse --short "$rev")
	say "baseline: host hook of $1, $(git -C "$top" log -1 --format='%h "%s"' "$rev")"
}

# Built once per run: a stale build from other sources must not be reused.
rm -f "$top"/build/*/.built
kernel "$host_series" HOST
kernel "$guest_series" GUEST
say "host (L1) $HOST_KVER, guest (L2) $GUEST_KVER"
BASELINE_HOOK=
BASELINE_REV=
if [ -n "${BENCH_BASELINE:-}" ]; then
	baseline "$BENCH_BASELINE"
fi
make -s -C "$top" progs

# mkinitramfs DIR OUT: a newc cpio of DIR.
mkinitramfs() { (cd "$1" && find . | cpio -o -H newc --quiet) > "$2"; }

# add_modules DIR KROOT KVER NAME...: NAME and what it needs, in load order.
add_modules() {
	local dir=$1 kroot=$2 kver=$3 name ko
	shift 3
	mkdir -p "$dir/modules"
	for name in "$@"; do
		modprobe -d "$kroot" -S "$kver" --show-depends "$name" |
			awk '$1 == "insmod" { print $2 }'
	done | awk '!seen[$0]++' | while read -r ko; do
		cp "$ko" "$dir/modules/"
		basename "$ko" >> "$dir/modules/order"
	done
}

# add_busybox DIR
add_busybox() {
	mkdir -p "$1/bin" "$1/proc" "$1/sys" "$1/dev" "$1/tmp"
	cp /bin/busybox "$1/bin/busybox"
}

run=$top/build/run-$scenario
rm -rf "$run"
mkdir -p "$run"

l1=$run/l1-root
add_busybox "$l1"
add_modules "$l1" "$HOST_KROOT" "$HOST_KVER" virtio_pci 9pnet_virtio 9p overlay
install -m 0755 "$e2e/l1-init" "$l1/init"
mkinitramfs "$l1" "$run/l1.cpio"

l2=$run/l2-root
add_busybox "$l2"
# The benchmark's guest has a vhost-vsock-pci device too (host-bench.sh):
# its driver, for the vsock round trip it compares hypercalls with. In one
# call: add_modules lists a module that two names need only once.
# BENCH_VSOCK=1: the benchmark's vsock case (a guest vsock device).
l2_vsock=
[ "$scenario" = bench ] && [ "${BENCH_VSOCK:-0}" = 1 ] && l2_vsock=vmw_vsock_virtio_transport
add_modules "$l2" "$GUEST_KROOT" "$GUEST_KVER" virtio_pci 9pnet_virtio 9p $l2_vsock
mkdir -p "$l2/lib" "$l2/test" "$l2/phases"
install -m 0755 "$e2e/l2-init" "$l2/init"
cp "$e2e/tap.sh" "$l2/lib/tap.sh"
cp "$e2e"/guest-*.sh "$l2/phases/"
echo "$scenario" > "$l2/phases/default"
cp "$GUEST_BUILD/guest-hc-driver/hypercall_guest.ko" "$GUEST_BUILD/bench/hypercall_bench.ko" \
	"$top"/tools/hypercall "$top"/tests/hello_hypercall "$top"/tests/raw_hypercall \
	"$top"/tests/ioctl_errors "$top"/tests/bench_ioctl "$top"/tests/ioctl_fuzz \
	"$top"/tests/as_user "$top"/tests/sleep_storm "$top"/tests/buf_calls \
	"$top"/tests/bench_forward "$l2/test/"
mkinitramfs "$l2" "$run/l2.cpio"

out=$run/out

# boot_l1: one nested run, its results in $out.
boot_l1() {
	rm -rf "$out"
	mkdir -p "$out"
	cat > "$out/env" <<-ENV
	KVER=$HOST_KVER
	KROOT=$HOST_KROOT
	BUILD=$HOST_BUILD
	L2_VMLINUZ=$GUEST_VMLINUZ
	L2_INITRD=$run/l2.cpio
	E2E=$e2e
	TOP=$top
	SCENARIO=$scenario
	L2_WRAP="${L2_WRAP:-}"
	TRY_MODULE=${TRY_MODULE:-samples/host-info}
	TRY_PROGRAM="${TRY_PROGRAM:-}"
	TRY_ARGS="${TRY_ARGS:-call 14 3 1 2 3}"
	TRY_ALLOW=${TRY_ALLOW:-13,14}
	BENCH_ROUNDS=${BENCH_ROUNDS:-5}
	BENCH_N=${BENCH_N:-2000}
	BENCH_VSOCK=${BENCH_VSOCK:-0}
	BASELINE_HOOK=$BASELINE_HOOK
	BASELINE_REV=$BASELINE_REV
	L1_QEMU_EXTRA="${L1_QEMU_EXTRA:-}"
	HOSTILE_CYCLES=${HOSTILE_CYCLES:-50}
	HOSTILE_SLEEP_CYCLES=${HOSTILE_SLEEP_CYCLES:-10}
	REGISTRY_SECONDS=${REGISTRY_SECONDS:-15}
	OUTER_CPU="$(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	ENV

	# L1_QEMU_EXTRA: more options for the outer QEMU (the benchmark uses -icount).
	# shellcheck disable=SC2086
	timeout "${E2E_TIMEOUT:-600}" qemu-system-x86_64 -accel "$l1_accel" -cpu max \
		-smp "$l1_smp" -m 2048 \
		${L1_QEMU_EXTRA:-} -nodefaults -display none -no-reboot \
		-monitor "unix:$out/l1-mon,server=on,wait=off" \
		-serial "file:$out/l1-console.log" \
		-kernel "$HOST_VMLINUZ" -initrd "$run/l1.cpio" \
		-append "console=ttyS0 panic=-1 hc_script=$e2e/l1-host.sh" \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		-virtfs "local,path=$out,mount_tag=out,security_model=none" \
		> "$out/l1-qemu.log" 2>&1 &
	local qemu=$! watch
	"$e2e/l1-watch.sh" "$qemu" "$out" &
	watch=$!
	wait "$qemu" || true
	# Gone already when it ended QEMU itself (L1 silent): not an error.
	kill "$watch" 2> /dev/null || true
	wait "$watch" || true
}

# L1_SMP: L1's vCPUs; 1, but 2 for the registry stress, whose readers and
# writer must overlap. Unloading a kprobe under load crashed a 2-vCPU L1
# under multi-threaded TCG (kernel-facts): more than one vCPU runs on
# single-threaded TCG, which an L2 guest boots too slowly on, so scenarios
# with a guest keep one.
l1_smp=${L1_SMP:-1}
[ "$scenario" = registry ] && l1_smp=${L1_SMP:-2}
l1_accel=tcg
[ "$l1_smp" -gt 1 ] && l1_accel=tcg,thread=single

start=$SECONDS
boot_l1
# The emulated nested SVM (TCG emulating the CPU that L1's KVM drives) has
# stopped guests with "KVM internal error" on an ordinary MMIO exit (a 7.2
# L1, the mailbox's modern virtio notify, no hypercall involved; the mailbox
# is legacy virtio since, see l1-host.sh). Should it happen again, that one
# signature earns one more run; the first is kept, and said, and a second
# failure stands. The same for an L1 that fell silent (l1-watch.sh: no
# file of its results written for 5 minutes, not even a hung-task report):
# seen a few times in a day of runs, at different steps, with the emulated
# machine's clock stopped. l1-watch.sh ends it early and says where its CPU
# was, which run.sh prints.
l1_silent() { [ -e "$out/l1-silent" ]; }
if grep -qs 'KVM internal error' "$out"/l2*-qemu.log || l1_silent; then
	l1_silent && sed 's/^/# /' "$out/l1-silent"
	say "retry: the emulated nested CPU failed a guest (KVM internal error)" \
		"or L1 fell silent; first run kept in $run/out.first"
	rm -rf "$run/out.first"
	mv "$out" "$run/out.first"
	boot_l1
fi
say "nested run took $((SECONDS - start)) s"
[ -s "$out/guest-boot-retries" ] && sed 's/^/# retry: guest /' "$out/guest-boot-retries"

[ -e "$out/tap" ] && cat "$out/tap"
if [ -e "$out/l1.done" ]; then
	echo "ok - host ran to its end"
else
	echo "not ok - host ran to its end (see $out/l1-console.log)"
	tail -n 30 "$out/l1-console.log" | sed 's/^/# /'
fi

[ -e "$out/report" ] && sed 's/^/# /' "$out/report"

if [ "$demo" ]; then
	say "host trace (/sys/kernel/tracing/trace):"
	grep -E 'Hello world!|a0 = ' "$out/trace" 2> /dev/null || say "(no trace lines)"
fi

n=$(grep -cE '^(not )?ok' "$out/tap" 2> /dev/null || true)
echo "1..$((n + 1))"
