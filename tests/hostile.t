#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hostile input and faults: user mode, permissions, bad ioctls, a fuzzer,
# unload under a storm, a guest without KVM, a VMM that owns nr 12.
exec "$(dirname "$0")/e2e/run.sh" hostile
