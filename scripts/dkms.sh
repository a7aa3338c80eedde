#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make dkms: register the driver with DKMS, build it and install it.
#   dkms.sh [KERNEL_RELEASE]   (default: the running kernel)
# The DKMS source tree /usr/src/audmod-<version> gets the driver sources,
# the public headers, Kbuild and scripts/dkms/dkms.conf; an older copy of
# the same version is removed from DKMS first, so that a rerun rebuilds.
# The kernel's headers (/lib/modules/RELEASE/build) must be installed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
need_pkgs dkms make gcc

kver=${1:-$(uname -r)}
[ -d "/lib/modules/$kver/build" ] ||
	die "no headers for kernel $kver in /lib/modules/$kver/build (install linux-headers-$kver)"
conf=$here/scripts/dkms/dkms.conf
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"$/\1/p' "$conf")
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$conf")
src=/usr/src/$name-$ver

# DKMS keeps one tree for the machine: one of us at a time.
exec 9>"$CACHE/dkms.lock"
flock 9
if [ -n "$(dkms status -m "$name" -v "$ver" 2>/dev/null)" ]; then
	dkms remove -m "$name" -v "$ver" --all >/dev/null
fi
rm -rf "$src"
mkdir -p "$src/driver"
cp "$here/Kbuild" "$conf" "$src/"
cp -r "$here/include" "$src/"
cp "$here"/driver/*.[ch] "$src/driver/"
dkms add -m "$name" -v "$ver"
dkms build -m "$name" -v "$ver" -k "$kver"
dkms install -m "$name" -v "$ver" -k "$kver"
dkms status -m "$name" -v "$ver" -k "$kver"
