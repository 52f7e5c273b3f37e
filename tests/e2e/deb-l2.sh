#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest (L2) of the Debian-package test, after deb-init: installs
# hypercall-guest-dkms and hypercall-tools with apt-get from the local
# files, which DKMS builds for this kernel, loads the driver and runs the
# hello test with the installed tool; upgrades to the next version once the
# host has, and again; then removes and purges. /mbox is the 9p folder
# shared with the host: its config, the handshakes, our TAP lines and logs.

. "$(dirname "$0")/deb-lib.sh"
deb_setup
mkdir -p /mbox
mount -t 9p -o trans=virtio,version=9p2000.L mbox /mbox ||
	{ echo "deb-l2: cannot mount the mailbox"; poweroff -f; }
. /mbox/config
. "$(dirname "$0")/tap.sh"
TAP=/mbox/tap
exec > /mbox/l2-stdout 2>&1
set -x
PS4='+ $SECONDS: '
dmesg > /mbox/l2-boot-dmesg
deb_kernel bare
# Scan only what follows (the emulated CPU can make the boot itself warn).
dmesg -C

signal() { touch "/mbox/$1"; }
await() {
	local i
	{ set +x; } 2> /dev/null	# the polling, untraced
	trap 'set -x; trap - RETURN' RETURN
	for ((i = 0; i < ${2:-60}; i++)); do
		[ -e "/mbox/$1" ] && return 0
		nap 1
	done
	return 1
}

apt_log=/mbox/l2-apt.log
old=$OUTER$DEBS/old
new=$OUTER$DEBS/new

# hello_ok TAG: the installed tool's HELLO0 and HELLO1 456 succeed.
hello_ok() {
	check "guest $1: hypercall hello (installed tool) succeeds" hypercall hello
	check "guest $1: hypercall hello1 456 succeeds" hypercall hello1 456
}

# Install
check "guest: apt-get install ./hypercall-guest-dkms_${OLD}_all.deb ./hypercall-tools_${OLD}_amd64.deb" \
	apt_get "$apt_log" install "$old/hypercall-guest-dkms_${OLD}_all.deb" \
	"$old/hypercall-tools_${OLD}_amd64.deb"
check "guest: both installed at $OLD" \
	eval "installed_at hypercall-guest-dkms $OLD && installed_at hypercall-tools $OLD"
check "guest: DKMS built and installed hypercall-guest/$OLD for $KVER" \
	dkms_installed hypercall-guest "$OLD"
check "guest: modprobe finds hypercall_guest under updates/dkms, for $KVER" \
	built_for hypercall_guest
check "guest: group hypercall created" getent group hypercall
rule=$(dpkg-query -L hypercall-guest-dkms | grep '/rules\.d/')
check "guest: udev rule installed ($rule) gives the device to the group" \
	grep -q 'GROUP="hypercall", MODE="0660"' "$rule"
check "guest: modprobe hypercall_guest" modprobe hypercall_guest
check_eq "guest: loaded driver's version" "$OLD" \
	"$(cat /sys/module/hypercall_guest/version 2> /dev/null)"
check "guest: /dev/hypercall exists" test -c /dev/hypercall
hello_ok "$OLD"
signal hello1.done

# Upgrade, once the host runs its new version
if await host.upgraded 1800; then
	check "guest: apt-get install the $NEW packages (upgrade)" \
		apt_get "$apt_log" install "$new/hypercall-guest-dkms_${NEW}_all.deb" \
		"$new/hypercall-tools_${NEW}_amd64.deb"
	check "guest: both installed at $NEW" \
		eval "installed_at hypercall-guest-dkms $NEW && installed_at hypercall-tools $NEW"
	check "guest: DKMS has hypercall-guest/$NEW installed, $OLD gone" \
		dkms_installed hypercall-guest "$NEW"
	check "guest: /usr/src/hypercall-guest-$OLD gone" \
		test ! -e "/usr/src/hypercall-guest-$OLD"
	check_eq "guest: the module on disk is $NEW" "$NEW" "$(ko_version hypercall_guest)"
	check_eq "guest: the loaded one still $OLD until reloaded" "$OLD" \
		"$(cat /sys/module/hypercall_guest/version)"
	check "guest: rmmod hypercall_guest, modprobe hypercall_guest" \
		eval "rmmod hypercall_guest && modprobe hypercall_guest"
	check_eq "guest: loaded driver's version after the reload" "$NEW" \
		"$(cat /sys/module/hypercall_guest/version 2> /dev/null)"
	hello_ok "$NEW"
else
	tap_notok "guest: the host never said it upgraded"
fi
signal hello2.done

# Remove, then purge
dpkg-query -L hypercall-guest-dkms hypercall-tools > /run/guest-files
check "guest: rmmod hypercall_guest" rmmod hypercall_guest
check "guest: apt-get remove hypercall-guest-dkms hypercall-tools" \
	apt_get "$apt_log" remove hypercall-guest-dkms hypercall-tools
check "guest: no file of the packages left (udev rule, sources, tool)" \
	files_gone /run/guest-files
check "guest: no module, DKMS or source tree left" nothing_of hypercall
check "guest: modprobe no longer finds hypercall_guest" not modinfo -n hypercall_guest
check "guest: the group stays until purge" getent group hypercall
check "guest: apt-get purge hypercall-guest-dkms hypercall-tools" \
	apt_get "$apt_log" purge hypercall-guest-dkms hypercall-tools
check "guest: purge deleted the group" not getent group hypercall
check_eq "guest: dpkg knows neither package any more" "" \
	"$(dpkg-query -W -f='${Package} ${Status}\n' hypercall-guest-dkms hypercall-tools 2> /dev/null |
	   grep -v 'not-installed$')"

dmesg > /mbox/l2-dmesg
no_oops "guest: kernel log clean since the test began" /mbox/l2-dmesg
touch /mbox/l2.done
sync
poweroff -f
