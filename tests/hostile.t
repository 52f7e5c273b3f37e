#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hostile input and faults: user mode, permissions, bad ioctls, a fuzzer,
# unload under a storm, a guest without KVM, a VMM that owns nr 12.
# About 6 min on a core of its own; 20 min before it is given up, as make
# check runs the package test beside it and a loaded machine was seen to
# take 10. A hang ends sooner: l1-watch.sh stops an L1 silent for 5 min.
E2E_TIMEOUT=${E2E_TIMEOUT:-1200} exec "$(dirname "$0")/e2e/run.sh" hostile
