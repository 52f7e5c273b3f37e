# SPDX-License-Identifier: GPL-2.0
# "make try": one hypercall command in the guest. Sourced by l2-init.

check "guest: hypercall_guest loads" insmod /test/hypercall_guest.ko "allow_nr=$ALLOW"
# shellcheck disable=SC2086
/test/hypercall $GUEST_ARGS > /mbox/try.out 2>&1
check_eq "guest: hypercall $GUEST_ARGS (exit status)" 0 $?
