# SPDX-License-Identifier: GPL-2.0
#
# make lint             checkpatch --strict, sparse and userspace warnings
# make checkpatch       one of them alone (also sparse, lint-userspace)
#
# scripts/lint.sh does the work and installs what it lacks; KDIR, when given,
# is the kernel sparse checks against. docs/INSTALL.md lists the exceptions.

.PHONY: lint checkpatch sparse lint-userspace

lint:
	$(if $(filter command line,$(origin KDIR)),KDIR=$(KDIR)) scripts/lint.sh

checkpatch:
	scripts/lint.sh checkpatch

sparse:
	$(if $(filter command line,$(origin KDIR)),KDIR=$(KDIR)) scripts/lint.sh sparse

lint-userspace:
	scripts/lint.sh userspace
