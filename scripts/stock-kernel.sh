#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch a Debian 12 stock kernel (a "dev board's stock kernel") into the
# cache, and the headers to build our modules against it. Prints two lines:
#   KDIR=<headers dir to build modules against>
#   ROOT=<extracted image: boot/vmlinuz-<abi>, lib/modules/<abi>/...>
#   stock-kernel.sh [FLAVOUR]
# FLAVOUR (nothing is pinned: each follows what Debian ships today):
#   6.1 (default)  the ABI of the installed linux-headers-amd64
#   rt             PREEMPT_RT of that same ABI (linux-headers-<abi>-rt-amd64,
#                  installed: 3 small packages)
#   6.12           the ABI linux-image-6.12-amd64 depends on; its headers
#                  are downloaded and unpacked into the cache, not installed
#                  (installing them pulls in the image and a systemd upgrade)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

flavour=${1:-6.1}
need_pkgs linux-headers-amd64 kmod
candidate() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}'; }
# Package lists may be missing even where everything else is installed.
[ -n "$(candidate linux-image-6.12-amd64)" ] ||
	apt-get update -qq >&2 || die "apt-get update failed"

case $flavour in
6.1)
	abi=$(stock_abi)
	kdir=/usr/src/linux-headers-$abi
	;;
rt)
	abi=$(stock_abi)
	abi=${abi%-amd64}-rt-amd64
	need_pkgs "linux-headers-$abi"
	kdir=/usr/src/linux-headers-$abi
	;;
6.12)
	need_pkgs pahole	# the headers ship vmlinux: modules get BTF
	abi=$(apt-cache depends linux-image-6.12-amd64 |
		sed -n 's/.*Depends: linux-image-\(.*-amd64\)$/\1/p' | head -n 1)
	[ -n "$abi" ] || die "linux-image-6.12-amd64 names no kernel image"
	kdir=
	;;
*) die "stock-kernel.sh: flavour must be 6.1, rt or 6.12" ;;
esac

pkg=linux-image-$abi-unsigned
ver=$(candidate "$pkg")
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
if [ -z "$kdir" ]; then
	# Unpacked headers: the arch part, the -common part it includes by
	# absolute path, and the kbuild programs its links point to.
	base=${abi%-amd64}
	hdr="$CACHE/headers-$abi-$ver"
	kdir=$hdr/usr/src/linux-headers-$abi
	if [ ! -f "$hdr/.done" ]; then
		log "fetching the headers of $abi $ver (unpacked, not installed)"
		rm -rf "$hdr" && mkdir -p "$hdr/deb"
		(cd "$hdr/deb" && apt-get download "linux-headers-$abi=$ver" \
			"linux-headers-$base-common=$ver" "linux-kbuild-$base=$ver" \
			>/dev/null 2>&1) || die "apt-get download of the $abi headers failed"
		for d in "$hdr"/deb/*.deb; do
			dpkg -x "$d" "$hdr"
		done
		rm -rf "$hdr/deb"
		sed -i "s|/usr/src/linux-headers-$base-common|$hdr/usr/src/linux-headers-$base-common|" \
			"$kdir/Makefile"
		for l in scripts tools; do
			t=$(readlink "$kdir/$l") || continue
			case $t in
			/*) ln -sfn "$hdr$t" "$kdir/$l" ;;
			esac
		done
		grep -q "$hdr" "$kdir/Makefile" || die "unexpected Makefile in $kdir"
		touch "$hdr/.done"
	fi
fi
[ -d "$kdir" ] || die "headers for $abi not found in $kdir"
echo "KDIR=$kdir"
echo "ROOT=$root"
