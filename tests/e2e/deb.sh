#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb.sh SERIES OLD_DEBS NEW_DEBS: the Debian packages on a real kernel, as
# TAP on stdout. OLD_DEBS and NEW_DEBS are folders of make deb's packages
# at two versions. Boots the kernel of SERIES (5.10, 6.1, 6.12, 7; see
# scripts/fetch-kernel.sh) under QEMU/TCG as a KVM host (L1) and again, with
# KVM, as its guest (L2); both run on a real Debian root over virtio-9p
# with a tmpfs overlay, so that apt-get, dpkg and DKMS are Debian's own:
# this machine's root, or for a kernel whose compiler this machine lacks
# (7.x), the chroot of its suite that scripts/kernel-chroot.sh made, with
# DKMS and QEMU added there. L1 installs, upgrades, removes and purges
# hypercall-hook-dkms (deb-l1.sh), L2 hypercall-guest-dkms and
# hypercall-tools (deb-l2.sh), and they run the hello test in between.
#
# deb.sh --prepare SERIES: only what the run needs installed and fetched,
# so that runs for several kernels can then go side by side without two
# apt-gets at once.

set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
e2e=$top/tests/e2e
prepare=
[ "${1:-}" = --prepare ] && { prepare=1; shift; }
series=${1:?usage: deb.sh [--prepare] SERIES OLD_DEBS NEW_DEBS}

say() { echo "# $*"; }
fail() {
	echo "not ok - $1"
	echo "1..1"
	exit 1
}

# The packages the nested roots need besides the ones apt-get installs
# from the files: DKMS itself (it brings the compiler), adduser, and QEMU
# for L1 to run L2.
root_pkgs="dkms adduser kmod openssl qemu-system-x86 busybox-static"
"$top/scripts/ensure-deps.sh"
# shellcheck disable=SC2086
"$top/scripts/need-pkgs.sh" $root_pkgs

vars=$("$top/scripts/fetch-kernel.sh" "$series") || fail "fetch kernel $series"
KVER='' KROOT='' VMLINUZ='' KMAKE=''
eval "$vars"
# KMAKE names the chroot where this machine cannot build for the kernel:
# then that chroot is the nested root too.
hc_root=/
read -r -a kmake <<< "$KMAKE"
if [ "${kmake[0]##*/}" = kernel-chroot.sh ]; then
	hc_root=${kmake[1]}
	# shellcheck disable=SC2016,SC2086
	missing=$(chroot "$hc_root" dpkg-query -W -f='${Package} ${Status}\n' $root_pkgs \
		2>&1 | grep -v ' ok installed$' || true)
	if [ -n "$missing" ]; then
		# shellcheck disable=SC2086
		"$top/scripts/kernel-chroot.sh" "$hc_root" env DEBIAN_FRONTEND=noninteractive \
			apt-get -q install -y --no-install-recommends $root_pkgs > /dev/null ||
			fail "install $root_pkgs in $hc_root"
	fi
fi
[ "$prepare" ] && exit 0
say "kernel $KVER (L1 and L2), root ${hc_root}"

old_debs=$(cd "${2:?old packages}" && pwd)
new_debs=$(cd "${3:?new packages}" && pwd)

old=$(dpkg-deb -f "$old_debs"/hypercall-hook-dkms_*_all.deb Version) || fail "packages in $old_debs"
new=$(dpkg-deb -f "$new_debs"/hypercall-hook-dkms_*_all.deb Version) || fail "packages in $new_debs"
dpkg --compare-versions "$new" gt "$old" || fail "$new is no upgrade of $old"

run=$top/build/deb-$series
rm -rf "$run"
mkdir -p "$run/debs/old" "$run/debs/new" "$run/initrd/bin" "$run/initrd/modules"
cp "$old_debs"/*.deb "$run/debs/old/"
cp "$new_debs"/*.deb "$run/debs/new/"

# One initramfs for both levels (the same kernel): busybox, 9p and overlay.
for d in proc sys dev; do mkdir -p "$run/initrd/$d"; done
cp /bin/busybox "$run/initrd/bin/"
for name in virtio_pci 9pnet_virtio 9p overlay; do
	modprobe -d "$KROOT" -S "$KVER" --show-depends "$name" | awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' | while read -r ko; do
	cp "$ko" "$run/initrd/modules/"
	basename "$ko" >> "$run/initrd/modules/order"
done
install -m 0755 "$e2e/deb-init" "$run/initrd/init"
(cd "$run/initrd" && find . | cpio -o -H newc --quiet) > "$run/initrd.cpio"

out=$run/out
mkdir -p "$out"
cat > "$out/env" <<ENV
OLD=$old
NEW=$new
DEBS=$run/debs
KROOT=$KROOT
VMLINUZ=$VMLINUZ
INITRD=$run/initrd.cpio
E2E=$e2e
HC_ROOT=$hc_root
ENV

start=$SECONDS
# One vCPU for L1, as run.sh: multi-threaded TCG with more crashed L1s.
timeout "${E2E_TIMEOUT:-3600}" qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 3072 \
	-nodefaults -display none -monitor none -no-reboot \
	-serial "file:$out/l1-console.log" \
	-kernel "$VMLINUZ" -initrd "$run/initrd.cpio" \
	-append "console=ttyS0 panic=-1 hc_root=$hc_root hc_script=$e2e/deb-l1.sh" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$out,mount_tag=out,security_model=none" \
	> "$out/l1-qemu.log" 2>&1 || true
say "nested run took $((SECONDS - start)) s"

[ -e "$out/tap" ] && cat "$out/tap"
if [ -e "$out/l1.done" ]; then
	echo "ok - host ran to its end"
else
	echo "not ok - host ran to its end (see $out/)"
	tail -n 30 "$out/l1-console.log" | sed 's/^/# /'
fi
n=$(grep -cE '^(not )?ok' "$out/tap" 2> /dev/null || true)
echo "1..$((n + 1))"
