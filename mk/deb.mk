# SPDX-License-Identifier: GPL-2.0
#
# make deb        the Debian packages, with Debian's own tools (debian/:
#                 dpkg-buildpackage -b, dh, dh-dkms): hypercall-hook-dkms,
#                 hypercall-guest-dkms, hypercall-tools and
#                 hypercall-host-tools, in build/deb/
# make deb-lint   lintian on them (debian/*.lintian-overrides explain the
#                 tags it is told to accept)
#
# The build runs in a copy of the project's files (build/deb/src), so that
# dpkg-buildpackage leaves nothing in the working tree and writes its
# packages to build/deb/. Their version is packaging/VERSION's, which the
# top of debian/changelog must repeat (debian/rules stops otherwise).

DEB_OUT := build/deb
DEB_TOOLS := debhelper dh-dkms dpkg-dev fakeroot gcc libc6-dev make

.PHONY: deb deb-lint

deb:
	@scripts/need-pkgs.sh $(DEB_TOOLS)
	rm -rf $(DEB_OUT)
	mkdir -p $(DEB_OUT)/src
	if git rev-parse --git-dir > /dev/null 2>&1; then \
		git ls-files -z -co --exclude-standard | \
			xargs -0 cp --parents -t $(DEB_OUT)/src; \
	else \
		tar --exclude=./build --exclude=./.git -cf - . | tar -C $(DEB_OUT)/src -xf -; \
	fi
	cd $(DEB_OUT)/src && dpkg-buildpackage -b -uc -us
	@ls $(DEB_OUT)/*.deb

deb-lint:
	@scripts/need-pkgs.sh lintian
	lintian --fail-on error,warning,info,pedantic -I -E --pedantic $(DEB_OUT)/*.changes
