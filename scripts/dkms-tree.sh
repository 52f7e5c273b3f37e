#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-tree.sh CONF_DIR VERSION DEST: assemble the DKMS source tree of one
# package in DEST/<name>-<VERSION> and print that path. CONF_DIR holds the
# package's dkms.conf (packaging/dkms/<name>); the tree gets that file with
# its version filled in, each module folder it names (BUILT_MODULE_LOCATION)
# and include/, sources only (Kbuild, Makefile, *.c, *.h, *.S), and a Kbuild
# at its top naming those folders, so that one make builds them all.

set -euo pipefail

usage() {
	echo "usage: dkms-tree.sh CONF_DIR VERSION DEST" >&2
	exit 2
}

case "${1:-}" in
-h|--help)
	sed -n '4,9s/^# \{0,1\}//p' "$0"
	exit 0
	;;
esac
[ $# -eq 3 ] || usage
conf=$1/dkms.conf
version=$2
dest=$3
top=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "dkms-tree: $*" >&2; exit 1; }

[ -r "$conf" ] || die "no dkms.conf in $1"
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"$/\1/p' "$conf")
mapfile -t folders < <(sed -n \
	's/^BUILT_MODULE_LOCATION\[[0-9]*\]="\(.*\)\/"$/\1/p' "$conf" | awk '!seen[$0]++')
if [ -z "$name" ] || [ ${#folders[@]} -eq 0 ]; then
	die "$conf names no package or module folder"
fi
for folder in "${folders[@]}"; do
	[ -d "$top/$folder" ] || die "no module folder $folder"
done

tree=$dest/$name-$version
[ ! -e "$tree" ] || die "$tree exists: 'make dkms-remove' first"
mkdir -p "$tree"

# Copy the sources of folder $1 (relative to the top), keeping their paths.
copy_sources() {
	(cd "$top" && find "$1" -type f \( -name Kbuild -o -name Makefile -o \
		-name '*.[chS]' \) ! -name '*.mod.c' -print0) |
		(cd "$top" && xargs -0 cp --parents -t "$tree")
}
for folder in "${folders[@]}"; do
	copy_sources "$folder"
done
copy_sources include
{
	echo "# SPDX-License-Identifier: GPL-2.0"
	echo "obj-m += $(printf '%s/ ' "${folders[@]}" | sed 's/ $//')"
} > "$tree/Kbuild"
sed "s/@VERSION@/$version/" "$conf" > "$tree/dkms.conf"
echo "$tree"
