#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The registry's grace period under stress: host threads run the redirect's
# lookup-and-call path while a handler registers and unregisters, on a
# 2-vCPU nested host (no guest).
exec "$(dirname "$0")/e2e/run.sh" registry
