#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hypercalls that carry data by guest physical address: the host API's
# copies (memslots, holes, ROM, dirty log, dirty ring, a slot deleted
# during a call) from a VMM of our own, the guest's buffer ioctl, and the
# say and host_uname samples.
exec "$(dirname "$0")/e2e/run.sh" data
