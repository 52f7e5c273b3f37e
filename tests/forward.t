#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hypercalls answered by a host program (/dev/hypercall-host, hypercalld,
# the Python example), discovery, claims per VM, and a call withdrawn and
# made again across QEMU's stop and cont.
exec "$(dirname "$0")/e2e/run.sh" forward
