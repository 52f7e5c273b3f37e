#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/lint.sh on a copy of the project: checkpatch --strict, sparse and
# the userspace warnings are clean; and each of the three catches a fault
# planted in a second copy, so that a clean result means something.

set -uo pipefail
. "$(dirname "$0")/lib/pkg.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clone_tree "$work/src" || bail "cannot copy the project"
lint=$work/src/scripts/lint.sh

check "bash -n scripts/lint.sh" bash -n "$lint"
check "lint.sh --help" "$lint" --help
for c in checkpatch sparse userspace; do
	check "lint.sh $c: clean" "$lint" "$c"
done

# A second copy with one fault of each kind: a space before a semicolon
# (checkpatch), a __user pointer read directly (sparse), an unused variable
# (gcc -Wextra).
clone_tree "$work/bad" || bail "cannot copy the project"
cat > "$work/bad/guest-hc-driver/lint_probe.c" <<'C'
// SPDX-License-Identifier: GPL-2.0
#include <linux/compiler.h>

int hc_lint_probe(int __user *p);

int hc_lint_probe(int __user *p)
{
	return *p ;
}
C
echo 'hypercall_guest-y += lint_probe.o' >> "$work/bad/guest-hc-driver/Kbuild"
printf 'int main(void)\n{\n\tint unused;\n\n\treturn 0;\n}\n' > "$work/bad/tools/lint_probe.c"

# expect_finding CHECK PATTERN: lint.sh CHECK fails and names PATTERN.
expect_finding() {
	local out
	out=$("$work/bad/scripts/lint.sh" "$1" 2> /dev/null)
	[ $? -eq 1 ] || { echo "lint.sh $1 did not report findings"; return 1; }
	grep -E "$2" <<< "$out" || { echo "$out"; return 1; }
}
check "checkpatch catches a planted style fault" \
	expect_finding checkpatch 'lint_probe\.c:8: .*SPACING'
check "sparse catches a planted __user dereference" \
	expect_finding sparse 'lint_probe\.c:8:.*noderef'
check "userspace catches a planted unused variable" \
	expect_finding userspace 'tools/lint_probe\.c:3:.*unused'

tap_done
