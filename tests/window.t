#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# No window: a VMM reading a vCPU's registers at any KVM_RUN return, or
# moving the vCPU to a new VM there, sees the hook's answer, never KVM's.
exec "$(dirname "$0")/e2e/run.sh" window
