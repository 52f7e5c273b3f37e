#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages (issue #13): make deb builds hypercall-hook-dkms,
# hypercall-guest-dkms, hypercall-tools and hypercall-host-tools with
# Debian's tools, at packaging/VERSION; lintian finds nothing (and does find a fault planted
# in a second build); then, on real kernels in the nested setup
# (tests/e2e/deb.sh), a KVM host installs the hook's package with apt-get,
# its guest the driver's and the tool's, DKMS builds them, the hello test
# runs, both upgrade to a next version built here and reload, and remove
# and purge leave nothing. DEB_KERNELS picks the kernels: 6.1 by default,
# as for the other tests of make check (which runs this one beside them);
# "6.1 7" adds sid's 7.x, side by side with two cores or more; "" skips
# the nested part.

set -uo pipefail
. "$(dirname "$0")/lib/pkg.sh"

need debhelper dh-dkms dpkg-dev fakeroot lintian gcc libc6-dev make file
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(cat "$TOP/packaging/VERSION")
next=$version+1

# build NAME: make deb in the copy $work/NAME; its packages in
# $work/NAME/build/deb.
build() { make -C "$work/$1" deb > "$work/$1.log" 2>&1 || { tail -n 30 "$work/$1.log"; return 1; }; }

# bump DIR VERSION: packaging/VERSION and a new top entry of debian/changelog.
bump() {
	echo "$2" > "$1/packaging/VERSION"
	{
		printf 'kvm-hypercalls (%s) unstable; urgency=medium\n\n' "$2"
		printf '  * Next version, for the upgrade test.\n\n'
		printf ' -- %s  %s\n\n' "$(dpkg-parsechangelog -l "$1/debian/changelog" -S Maintainer)" \
			"$(date -R)"
		cat "$1/debian/changelog"
	} > "$1/debian/changelog.new"
	mv "$1/debian/changelog.new" "$1/debian/changelog"
}

check "debian/changelog's version is packaging/VERSION's ($version)" \
	test "$(dpkg-parsechangelog -l "$TOP/debian/changelog" -S Version)" = "$version"

clone_tree "$work/old" || bail "cannot copy the project"
check "make deb ($version)" build old
debs=$work/old/build/deb
hook=$debs/hypercall-hook-dkms_${version}_all.deb
guest=$debs/hypercall-guest-dkms_${version}_all.deb
tools=$debs/hypercall-tools_${version}_amd64.deb
host_tools=$debs/hypercall-host-tools_${version}_amd64.deb
check "four packages: hypercall-hook-dkms, hypercall-guest-dkms (all), hypercall-tools, hypercall-host-tools (amd64)" \
	test -f "$hook" -a -f "$guest" -a -f "$tools" -a -f "$host_tools"
check "the working tree is untouched (dpkg-buildpackage ran in build/deb/src)" \
	test ! -e "$work/old/debian/hypercall-tools" -a ! -e "$work/old/tools/hypercall" \
	-a ! -e "$work/old/debian/hypercall-host-tools" -a ! -e "$work/old/tools/hypercalld" \
	-a ! -e "$work/old/tools/hypercall-policy"

# has DEB REGEX...: dpkg-deb -c lists a path matching each.
has() {
	local deb=$1 list re
	shift
	list=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
	for re in "$@"; do
		grep -qE "$re" <<< "$list" || { echo "no $re in $deb"; return 1; }
	done
}
src=usr/src/hypercall-hook-$version
check "hook: DKMS tree of the hook and the hello handlers, dkms.conf at $version" \
	has "$hook" "^\./$src/dkms.conf$" "^\./$src/host-kvm-hook/main.c$" \
	"^\./$src/samples/hello/hypercall_hello.c$" "^\./$src/include/uapi/linux/hypercall.h$" \
	"^\./$src/host-kvm-hook/dkms_version.c$"
src=usr/src/hypercall-guest-$version
check "guest: DKMS tree of the driver, and the udev rule" \
	has "$guest" "^\./$src/dkms.conf$" "^\./$src/guest-hc-driver/device.c$" \
	"^\./lib/udev/rules.d/99-hypercall.rules$"
lacks_host() { ! dpkg-deb -c "$guest" | grep -E 'host-kvm-hook|samples/'; }
check "guest: no host code in it" lacks_host
check "tools: /usr/bin/hypercall and its man page" \
	has "$tools" "^\./usr/bin/hypercall$" "^\./usr/share/man/man1/hypercall.1.gz$"
check "host tools: /usr/sbin/hypercalld, /usr/sbin/hypercall-policy and their man pages" \
	has "$host_tools" "^\./usr/sbin/hypercalld$" "^\./usr/sbin/hypercall-policy$" \
	"^\./usr/share/man/man8/hypercalld.8.gz$" "^\./usr/share/man/man8/hypercall-policy.8.gz$"
lacks_tools() {
	! dpkg-deb -c "$tools" | grep -E 'sbin|man8' &&
		! dpkg-deb -c "$host_tools" | grep -E 'usr/bin|man1'
}
check "tools and host tools: neither carries the other's programs" lacks_tools
check "host tools recommend the hook's package, whose package suggests them" \
	eval "dpkg-deb -f '$host_tools' Recommends | grep -qx 'hypercall-hook-dkms' &&
		dpkg-deb -f '$hook' Suggests | grep -q 'hypercall-host-tools'"
conf_version() {
	dpkg-deb --fsys-tarfile "$1" | tar -xOf - --wildcards '*/dkms.conf' |
		grep -x "PACKAGE_VERSION=\"$version\""
}
check "both dkms.conf say PACKAGE_VERSION=\"$version\"" \
	eval "conf_version '$hook' && conf_version '$guest'"
check "both DKMS packages depend on dkms; the guest's on adduser (its group)" \
	eval "dpkg-deb -f '$hook' Depends | grep -q dkms &&
		dpkg-deb -f '$guest' Depends | grep -q 'adduser.*dkms'"
check "the guest's postinst creates group hypercall, its postrm deletes it on purge" \
	eval "dpkg-deb -I '$guest' postinst | grep -q 'addgroup --system --quiet hypercall' &&
		dpkg-deb -I '$guest' postrm | grep -q 'delgroup --system'"
# hardened DEB PATH: the program PATH in DEB is a dynamically linked PIE,
# bound now.
hardened() {
	local bin
	bin=$work/$(basename "$2")
	dpkg-deb --fsys-tarfile "$1" | tar -xOf - "./$2" > "$bin" &&
		file "$bin" | grep -q 'pie executable.*dynamically linked' &&
		readelf -d "$bin" | grep -q 'BIND_NOW'
}
check "the tool is dynamically linked, with Debian's hardening (PIE, bind now)" \
	hardened "$tools" usr/bin/hypercall
check "hypercalld and hypercall-policy likewise (PIE, bind now, dynamic)" \
	eval "hardened '$host_tools' usr/sbin/hypercalld &&
		hardened '$host_tools' usr/sbin/hypercall-policy"

# lintian: clean, at every level it has; and it does see a planted fault.
lint() { make -C "$work/$1" deb-lint; }
check "lintian (pedantic, experimental, info): clean" lint old
clone_tree "$work/bad" || bail "cannot copy the project"
rm "$work/bad/debian/hypercall-tools.manpages"
lint_bad() {
	local out
	build bad || return 1
	out=$(lint bad 2>&1) && { echo "$out"; echo "lintian passed the planted fault"; return 1; }
	grep 'no-manual-page' <<< "$out"
}
check "lintian catches a planted fault (the tool without its man page)" lint_bad

# debian/rules stops when debian/changelog and packaging/VERSION disagree.
clone_tree "$work/skew" || bail "cannot copy the project"
echo "$next" > "$work/skew/packaging/VERSION"
skew() {
	build skew && { echo "make deb built with a skewed changelog"; return 1; }
	grep "debian/changelog says $version, packaging/VERSION says $next" "$work/skew.log"
}
check "make deb refuses a changelog that disagrees with packaging/VERSION" skew

# The next version, for the upgrade.
clone_tree "$work/new" || bail "cannot copy the project"
bump "$work/new" "$next"
check "make deb ($next, for the upgrade)" build new

# The nested runs, one per kernel, side by side: each is one emulated CPU
# (one core) for 20 to 30 min, mostly DKMS building in the guest (L2), and
# they share nothing but the read-only roots (deb.sh works in
# build/deb-<kernel>).
kernels=${DEB_KERNELS-6.1}
if [ -z "$kernels" ]; then
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - nested install, upgrade, remove and purge on real kernels # SKIP DEB_KERNELS is empty"
fi
for k in $kernels; do
	check "kernel $k: packages, kernel and root ready (deb.sh --prepare)" \
		"$TOP/tests/e2e/deb.sh" --prepare "$k"
done
for k in $kernels; do
	(
		start=$SECONDS
		"$TOP/tests/e2e/deb.sh" "$k" "$work/old/build/deb" "$work/new/build/deb" \
			> "$work/nested-$k.tap" 2>&1
		echo "# kernel $k: nested test took $((SECONDS - start)) s" >> "$work/nested-$k.tap"
	) &
	# One at a time on a single core.
	[ "$(nproc)" -gt 1 ] || wait
done
wait

# fold SERIES: deb.sh's TAP lines for that kernel, numbered as ours.
fold() {
	local line
	while IFS= read -r line; do
		case $line in
		"ok - "*)
			tap_n=$((tap_n + 1))
			echo "ok $tap_n - $1: ${line#ok - }"
			;;
		"not ok - "*)
			tap_n=$((tap_n + 1))
			tap_failed=$((tap_failed + 1))
			echo "not ok $tap_n - $1: ${line#not ok - }"
			;;
		1..*) ;;
		"# "*) echo "$line" ;;
		*) echo "# $line" ;;
		esac
	done < "$work/nested-$1.tap"
}
for k in $kernels; do
	fold "$k"
done

tap_done
