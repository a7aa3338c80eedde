#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch the Debian stock kernel that matches the installed linux-headers-amd64
# (the "dev board's stock kernel") into the cache. Prints two lines:
#   KDIR=<headers dir to build modules against>
#   ROOT=<extracted image: boot/vmlinuz-<abi>, lib/modules/<abi>/...>
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

need_pkgs linux-headers-amd64 kmod
abi=$(stock_abi)
kdir=/usr/src/linux-headers-$abi
[ -d "$kdir" ] || die "headers for $abi not found in $kdir"

pkg=linux-image-$abi-unsigned
candidate() { apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}'; }
ver=$(candidate)
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
	# Package lists may be missing even where everything else is installed.
	apt-get update -qq >&2 || die "apt-get update failed"
	ver=$(candidate)
fi
[ -n "$ver" ] && [ "$ver" != "(none)" ] || die "$pkg is not available from apt"
root="$CACHE/stock-$abi-$ver"
if [ ! -f "$root/.done" ]; then
	log "fetching $pkg $ver"
	rm -rf "$root" && mkdir -p "$root/deb"
	(cd "$root/deb" && apt-get download "$pkg=$ver" >/dev/null 2>&1) ||
		die "apt-get download $pkg=$ver failed"
	dpkg -x "$root"/deb/*.deb "$root"
	rm -rf "$root/deb"
	depmod -b "$root" "$abi"
	touch "$root/.done"
fi
echo "KDIR=$kdir"
echo "ROOT=$root"
