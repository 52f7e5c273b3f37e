#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A third hypercall from its own module, the generic ioctl, counters and the
# trace event, end to end in a nested KVM host and guest.
exec "$(dirname "$0")/e2e/run.sh" api
