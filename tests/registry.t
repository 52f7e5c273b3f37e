#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The registry's grace period under stress: host threads run the redirect's
# lookup-and-call path while a handler registers and unregisters, on a
# 2-vCPU nested host (no guest). About 40 s; a host that a missing grace
# period left wedged is given up after 3 min.
E2E_TIMEOUT=${E2E_TIMEOUT:-180} exec "$(dirname "$0")/e2e/run.sh" registry
