#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# need-pkgs.sh PACKAGE...: install those of the Debian packages that are
# missing, quietly, with one apt-get update first. As root only; otherwise
# prints the command to run and fails. Used by the lint and the packaging
# tests, which run on fresh machines in CI.

set -euo pipefail

if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
	sed -n '4,7s/^# \{0,1\}//p' "$0"
	exit 0
fi

missing_pkgs() {
	local p
	missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -gt 0 ]
}
missing_pkgs "$@" || exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "missing packages; install them as root with:" >&2
	echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
	exit 1
fi
# make check runs the package test beside the others: one apt-get at a
# time, the next one waiting for the lock (and then for what is still
# missing) instead of failing on it.
exec 9> /run/lock/kvm-hypercalls-need-pkgs
flock 9
missing_pkgs "$@" || exit 0
echo "installing ${missing[*]}" >&2
apt-get -qq update >&2
DEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends \
	"${missing[@]}" > /dev/null
