# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by deb-l1.sh and deb-l2.sh: the nested host and guest of the
# Debian-package test, each on a Debian root that deb-init made (the outer
# machine's, or a chroot of another suite, with a tmpfs overlay), with the
# outer machine's whole root at /mnt/outer.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export DEBIAN_FRONTEND=noninteractive
OUTER=/mnt/outer
KVER=$(uname -r)

# The mounts a Debian root expects; /run fresh, not the outer machine's.
deb_setup() {
	mount -t proc proc /proc
	mount -t sysfs sys /sys
	mount -t devtmpfs dev /dev
	mkdir -p /dev/pts
	mount -t devpts devpts /dev/pts
	# What udev would make; dkms reads from <(...), bash's /dev/fd/N.
	ln -s /proc/self/fd /dev/fd
	ln -s fd/0 /dev/stdin
	ln -s fd/1 /dev/stdout
	ln -s fd/2 /dev/stderr
	mount -t tmpfs -o mode=0755 tmpfs /run
	mount -t tracefs tracefs /sys/kernel/tracing 2> /dev/null
	# man-db's trigger rereads every manual page: minutes under TCG.
	rm -f /var/lib/man-db/auto-update
	deb_own_dkms
	mkfifo /run/hc-nap
	exec 7<> /run/hc-nap
}

# What the outer machine has of this project in DKMS is not ours: make
# check's DKMS test adds and removes its own version there while this one
# runs, and a developer may have the project installed. /var/lib/dkms and
# /usr/src become tmpfs holding the root's other entries as they are now
# (bound in place, so that the headers' relative links still resolve;
# links copied), so that the packages under test are the only hypercall
# trees DKMS and the checks see.
deb_own_dkms() {
	local d e n keep=/run/hc-outer
	for d in /var/lib/dkms /usr/src; do
		mkdir -p "$keep$d" "$d"
		mount --bind "$d" "$keep$d"
		mount -t tmpfs -o mode=0755 tmpfs "$d"
		for e in "$keep$d"/*; do
			n=${e##*/}
			case $n in hypercall*) continue ;; esac
			if [ -L "$e" ]; then
				cp -a "$e" "$d/"
			elif [ -d "$e" ]; then
				mkdir "$d/$n" && mount --bind "$e" "$d/$n"
			elif [ -e "$e" ]; then
				touch "$d/$n" && mount --bind "$e" "$d/$n"
			fi
		done
	done
}

# nap SECONDS: a sleep without a process. The host and its guest share one
# emulated CPU, and the side waiting for the other used to poll with
# sleep 0.1: ten forks and execs a second (each costly under TCG, more so in
# the guest) taken from the other side's DKMS build.
nap() { read -r -t "$1" -u 7 _ || true; }

# The running kernel's modules: the unpacked package in the outer machine's
# cache (KROOT), under an overlay, so that DKMS and depmod can write there;
# or with "bare", only the kernel's lists of its built-in ones and the few
# modules loaded now (the initramfs's: virtio, 9p, overlay): the guest
# needs no other, and the depmod of a full tree through the guest's
# 9p-over-9p root took minutes. Not none: DKMS 3.2 (sid) takes an empty
# modules.dep after a removal for a kernel no longer installed and deletes
# it, with every modules.*.bin; on an upgrade that is the old version's
# removal, and then the new one's install skips depmod ("Running depmod...
# done." all the same) and modprobe cannot find the module. Its headers:
# the root's own where installed (a chroot of the kernel's suite), else the
# unpacked package's.
deb_kernel() {
	local d=/run/hc-modules src=$OUTER$KROOT/lib/modules/$KVER ko
	mkdir -p "$d/u" "$d/w" "/lib/modules/$KVER"
	if [ "${1:-}" = bare ]; then
		mount -t tmpfs tmpfs "/lib/modules/$KVER"
		cp -a "$src"/modules.builtin* "$src/modules.order" "$src/build" \
			"/lib/modules/$KVER/"
		awk 'NR == FNR { loaded[$1]; next }
		{
			ko = $1; sub(/:$/, "", ko)
			name = ko; sub(/.*\//, "", name); sub(/\.ko.*/, "", name)
			gsub(/-/, "_", name)
			if (name in loaded) print ko
		}' /proc/modules "$src/modules.dep" | while read -r ko; do
			mkdir -p "/lib/modules/$KVER/${ko%/*}"
			cp "$src/$ko" "/lib/modules/$KVER/$ko"
		done
		depmod "$KVER"
	else
		mount -t overlay overlay -o "lowerdir=$src,upperdir=$d/u,workdir=$d/w" \
			"/lib/modules/$KVER"
	fi
	if [ ! -e "/usr/src/linux-headers-$KVER" ]; then
		ln -s "$OUTER$KROOT/usr/src/linux-headers-$KVER" /usr/src/
	fi
}

# apt_get LOG ARGS...: apt-get -y, its output kept in LOG (for a failure).
apt_get() {
	local log=$1
	shift
	echo "+ apt-get $*" >> "$log"
	apt-get -y -o Dpkg::Use-Pty=0 "$@" >> "$log" 2>&1
}

# installed_at PACKAGE VERSION: dpkg has it installed, at that version.
installed_at() {
	[ "$(dpkg-query -W -f='${Status} ${Version}' "$1" 2> /dev/null)" = \
		"install ok installed $2" ]
}

# dkms_installed NAME VERSION: DKMS built and installed it for this kernel,
# and knows no other version of it.
dkms_installed() {
	local out
	out=$(dkms status "$1" 2> /dev/null)
	echo "$out"
	grep -q "^$1/$2, $KVER, [^:]*: installed" <<< "$out" &&
		[ "$(grep -c "^$1/" <<< "$out")" -eq 1 ]
}

# ko_version MODULE: the version modinfo reads in the module that modprobe
# would load now.
ko_version() { modinfo -F version "$1" 2> /dev/null; }

# built_for MODULE: modprobe finds it under updates/dkms, built for this
# kernel.
built_for() {
	local f
	f=$(modinfo -n "$1") || return 1
	echo "$f"
	case $f in "/lib/modules/$KVER/updates/dkms/$1.ko"*) ;; *) return 1 ;; esac
	modinfo -F vermagic "$1" | grep -q "^$KVER "
}

# files_gone LIST: no file that LIST (a saved dpkg -L) names is left.
files_gone() {
	local f left=0
	while read -r f; do
		[ -d "$f" ] && continue
		if [ -e "$f" ] || [ -L "$f" ]; then
			echo "left: $f"
			left=1
		fi
	done < "$1"
	return $left
}

# nothing_of PREFIX: no module of this kernel, DKMS tree or source tree
# whose name starts with PREFIX.
nothing_of() {
	local left
	left=$({
		find /usr/src /var/lib/dkms -maxdepth 1 -name "$1*"
		find "/lib/modules/$KVER/" -path "/lib/modules/$KVER/kernel" -prune -o \
			-name "$1*" -print
	} 2> /dev/null)
	[ -z "$left" ] || { echo "left: $left"; return 1; }
}
