#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh [CHECK...]: the kernel's own style tools on this project, as CI
# runs them. The CHECKs, all three by default:
#   checkpatch  checkpatch.pl --strict on every module source: the .c and .h
#               of each folder with a Kbuild, and of include/
#   sparse      make C=2 W=1 of every module, against $KDIR, else the
#               headers of Debian's linux-headers-amd64
#   userspace   every .c under tests/ and tools/ but module sources, gcc
#               -Wall -Wextra -Werror
# Findings go to stdout, one a line, as file:line: message. Exit status: 0
# clean, 1 findings, 2 usage or setup error. As root on Debian it installs
# what it lacks; checkpatch.pl comes out of linux-source-6.1's tarball into
# $KVM_HC_CACHE, else $XDG_CACHE_HOME/kvm-hypercalls, else
# ~/.cache/kvm-hypercalls.

# The lint_* functions are called as "lint_$c".
# shellcheck disable=SC2317
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
cache=${KVM_HC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-hypercalls}

usage() {
	sed -n '4,15s/^# \{0,1\}//p' "$0"
}

die() {
	echo "lint: $*" >&2
	exit 2
}

need() {
	"$here/need-pkgs.sh" "$@" || die "cannot install $*"
}

# Module sources: folders with a Kbuild (not the top one), and include/.
module_sources() {
	local dirs
	dirs=$(cd "$top" && find . \( -path ./build -o -path ./.git \) -prune -o \
		-name Kbuild ! -path ./Kbuild -printf '%h\n' | sed 's|^\./||')
	# shellcheck disable=SC2086
	(cd "$top" && find $dirs include -name '*.[ch]' ! -name '*.mod.c') | sort
}

# checkpatch.pl and the word lists it reads, from the Debian kernel source.
checkpatch_path() {
	local ver dir tmp
	need linux-source-6.1 perl
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
	dir=$cache/checkpatch/$ver
	if [ ! -x "$dir/scripts/checkpatch.pl" ]; then
		mkdir -p "$cache/checkpatch"
		tmp=$(mktemp -d "$cache/checkpatch/tmp.XXXXXX")
		tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$tmp" \
			--strip-components=1 \
			linux-source-6.1/scripts/checkpatch.pl \
			linux-source-6.1/scripts/spelling.txt \
			linux-source-6.1/scripts/const_structs.checkpatch ||
			{ rm -rf "$tmp"; die "cannot extract checkpatch.pl"; }
		rm -rf "$dir"
		mv "$tmp" "$dir"
	fi
	echo "$dir/scripts/checkpatch.pl"
}

# The checkpatch types a file may break, each for a reason given here and
# in docs/INSTALL.md. Nothing else is ever ignored.
checkpatch_ignores() {
	local ign=()

	case "$1" in
	# The tutorial's "Hello world!" and "a0 = %d" trace lines are the
	# project's point; they live in the sample module alone, whose
	# trace_printk=0 turns them off, and production hosts load the hook
	# without it (the hypercall trace event is their interface).
	samples/hello/hypercall_hello.c)
		ign+=(TRACE_PRINTK) ;;
	# The "say" sample is the tutorial's "Hello world!" with the guest's
	# own text: the same trace line, by the same means; a sample, which
	# production hosts do not load.
	samples/say/hypercall_say.c)
		ign+=(TRACE_PRINTK) ;;
	# KVM's hypercall function is internal to KVM: its name and prototype
	# change between kernels (kvm_emulate_hypercall up to 6.13,
	# ____kvm_emulate_hypercall from 6.16) with no macro to test, and the
	# ftrace callback's view of its arguments changed in 6.12. These two
	# files alone follow them by version (checkpatch also takes the macro
	# comparison for a constant one).
	host-kvm-hook/hook_point.c|host-kvm-hook/hook_point.h)
		ign+=(LINUX_VERSION_CODE CONSTANT_COMPARISON) ;;
	esac
	# TRACE_EVENT()'s TP_STRUCT__entry( / TP_fast_assign( layout is the
	# kernel's own (samples/trace_events); checkpatch reads the macro
	# arguments as code.
	if grep -q '^TRACE_EVENT(' "$top/$1"; then
		ign+=(OPEN_ENDED_LINE PARENTHESIS_ALIGNMENT)
	fi
	local IFS=,
	echo "${ign[*]}"
}

lint_checkpatch() {
	local cp f ign
	cp=$(checkpatch_path) || exit 2
	for f in $(module_sources); do
		ign=$(checkpatch_ignores "$f")
		(cd "$top" && perl "$cp" --strict --no-tree --terse --show-types \
			--no-summary ${ign:+--ignore "$ign"} -f "$f")
	done
}

lint_sparse() {
	local kdir=${KDIR:-} kver
	need sparse gcc make
	if [ -z "$kdir" ]; then
		kver=$("$here/headers-kver.sh") || die "no kernel headers"
		kdir=/usr/src/linux-headers-$kver
	fi
	[ -d "$kdir" ] || die "no kernel headers in KDIR=$kdir"
	# C=2 checks every file, built before or not; W=1 adds the compiler's
	# extra warnings. Any warning or error is a finding.
	local out rc findings
	out=$(make -C "$kdir" M="$top" C=2 W=1 modules 2>&1)
	rc=$?
	findings=$(grep -E '(warning|error):' <<< "$out" | sed "s|^$top/||")
	if [ -n "$findings" ]; then
		echo "$findings"
	elif [ "$rc" -ne 0 ]; then
		echo "make C=2 failed:"
		tail -n 5 <<< "$out"
	fi
}

lint_userspace() {
	local f
	need gcc libc6-dev
	# Not the module sources among them (tests/modules/), checkpatch's,
	# nor what kbuild generates there.
	for f in $(comm -23 <(cd "$top" && find tests tools -name '*.c' ! -name '*.mod.c' | sort) \
		<(module_sources)); do
		(cd "$top" && gcc -O2 -Wall -Wextra -Werror -Iinclude/uapi \
			-c -o /dev/null "$f" 2>&1) | grep -E '(warning|error):'
	done
}

checks=("$@")
[ ${#checks[@]} -gt 0 ] || checks=(checkpatch sparse userspace)
for c in "${checks[@]}"; do
	case "$c" in
	-h|--help) usage; exit 0 ;;
	checkpatch|sparse|userspace) ;;
	*) usage >&2; exit 2 ;;
	esac
done

status=0
for c in "${checks[@]}"; do
	out=$("lint_$c") || [ $? -eq 1 ] || exit 2
	if [ -n "$out" ]; then
		printf '%s\n' "$out"
		echo "lint: $c: $(printf '%s\n' "$out" | wc -l) finding(s)" >&2
		status=1
	else
		echo "lint: $c: clean" >&2
	fi
done
exit $status
