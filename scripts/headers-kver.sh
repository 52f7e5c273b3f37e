#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# headers-kver.sh: the kernel release (uname -r) of the headers that
# Debian's linux-headers-amd64 package pulls in, e.g. 6.1.0-56-amd64,
# installing the package first if it is missing. Their build folder is
# /usr/src/linux-headers-<release>.

set -euo pipefail

if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
	sed -n '4,7s/^# \{0,1\}//p' "$0"
	exit 0
fi

"$(dirname "$0")/need-pkgs.sh" linux-headers-amd64
kver=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 |
	sed -n 's/^linux-headers-\([^ ,]*\).*/\1/p')
if [ -z "$kver" ] || [ ! -d "/usr/src/linux-headers-$kver" ]; then
	echo "headers-kver: no headers behind linux-headers-amd64" >&2
	exit 1
fi
echo "$kver"
