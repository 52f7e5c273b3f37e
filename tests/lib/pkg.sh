# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by the packaging and lint tests: TAP helpers, a scratch copy of
# the project, and the headers of Debian's linux-headers-amd64.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tap_n=0
tap_failed=0

# check DESCRIPTION COMMAND...: one TAP line; the command's output becomes
# diagnostics when it fails.
check() {
	local desc=$1 out
	shift
	tap_n=$((tap_n + 1))
	if out=$("$@" 2>&1); then
		echo "ok $tap_n - $desc"
	else
		echo "not ok $tap_n - $desc"
		tap_failed=$((tap_failed + 1))
		printf '%s\n' "$out" | tail -n 40 | sed 's/^/# /'
	fi
}

# The plan goes last, so that it counts what ran.
tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# bail MESSAGE: stop the test file, as TAP knows it.
bail() {
	echo "Bail out! $*"
	exit 1
}

# clone_tree DIR: the project's files (committed or not, never build
# products) copied to DIR, like a fresh clone, so that tests never build in
# the working tree.
clone_tree() {
	mkdir -p "$1"
	if git -C "$TOP" rev-parse --git-dir > /dev/null 2>&1; then
		git -C "$TOP" ls-files -z -co --exclude-standard |
			(cd "$TOP" && xargs -0 cp --parents -t "$1" 2> /dev/null)
	else
		tar -C "$TOP" --exclude=./build --exclude=./.git --exclude='*.o' \
			--exclude='*.ko' -cf - . | tar -C "$1" -xf -
	fi
	[ -e "$1/Makefile" ]
}

# need PACKAGE...: install what is missing, or bail out.
need() {
	"$TOP/scripts/need-pkgs.sh" "$@" >&2 || bail "cannot install $*"
}
