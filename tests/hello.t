#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The tutorial's two hypercalls, end to end in a nested KVM host and guest.
exec "$(dirname "$0")/e2e/run.sh" hello
