#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch Debian's arm64 stock kernel whose ABI matches the installed amd64
# linux-headers-amd64 (6.1.0-N-amd64 -> 6.1.0-N-arm64) into the cache, with
# its headers set up for a cross build with the host's own linux-kbuild, and
# an arm64 userspace for the guest (busybox, alsa-utils and the libraries
# they need, libasound2-dev for tools that link against alsa-lib).
# Foreign packages come through a private APT_CONFIG (foreign_apt in
# lib.sh); the system's dpkg architectures are not changed. Prints:
#   KDIR=<arm64 headers to build modules against (ARCH=arm64)>
#   ROOT=<extracted image: boot/vmlinuz-<abi>, lib/modules/<abi>/...>
#   SYSROOT=<arm64 userspace: bin/busybox, usr/bin/amixer, libraries>
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

need_pkgs linux-headers-amd64 kmod gcc-12-aarch64-linux-gnu \
	libc6-dev-arm64-cross binutils-aarch64-linux-gnu qemu-system-arm
amd=$(stock_abi)
abi=${amd%-amd64}-arm64
kbuild=/usr/lib/linux-kbuild-$(echo "$abi" | cut -d. -f1-2)
[ -d "$kbuild/scripts" ] || die "$kbuild not found (linux-kbuild of the amd64 headers)"
conf=$(foreign_apt arm64)

pkg=linux-image-$abi-unsigned
ver=$(APT_CONFIG=$conf apt-cache policy "$pkg:arm64" | awk '/Candidate:/ {print $2}')
[ -n "$ver" ] && [ "$ver" != "(none)" ] || die "$pkg:arm64 is not available from apt"
root="$CACHE/arm64-$abi-$ver"
if [ ! -f "$root/.done" ]; then
	log "fetching $pkg:arm64 $ver, its headers and an arm64 userspace"
	rm -rf "$root" && mkdir -p "$root/headers"
	foreign_unpack "$conf" "$root" "$pkg:arm64=$ver"
	depmod -b "$root" "$abi"
	foreign_unpack "$conf" "$root/headers" "linux-headers-$abi:arm64=$ver"
	# The package's scripts and tools links point into its own
	# linux-kbuild (an arm64 binary package): use the host's, same version.
	kd="$root/headers/usr/src/linux-headers-$abi"
	rm -f "$kd/scripts" "$kd/tools"
	ln -s "$kbuild/scripts" "$kd/scripts"
	ln -s "$kbuild/tools" "$kd/tools"
	# The arch-independent half is the host's -common package, which the
	# unpacked Makefile names by absolute path.
	grep -q "/usr/src/linux-headers-${abi%-arm64}-common" "$kd/Makefile" ||
		die "unexpected Makefile in $kd"
	[ -d "/usr/src/linux-headers-${abi%-arm64}-common" ] ||
		die "linux-headers-${abi%-arm64}-common is not installed"
	touch "$root/.done"
fi
# The guest userspace; kept apart from the kernel's stamp so that adding a
# package here fetches only the userspace again. alsabat needs fftw.
user="busybox-static:arm64 alsa-utils:arm64 libasound2:arm64 libasound2-dev:arm64
libc6:arm64 libgcc-s1:arm64 libfftw3-single3:arm64 libgomp1:arm64"
if [ "$(cat "$root/sysroot/.pkgs" 2>/dev/null)" != "$user" ]; then
	log "fetching the arm64 guest userspace"
	rm -rf "$root/sysroot" && mkdir -p "$root/sysroot"
	# shellcheck disable=SC2086 # one package per word
	foreign_unpack "$conf" "$root/sysroot" $user
	echo "$user" >"$root/sysroot/.pkgs"
fi
echo "KDIR=$root/headers/usr/src/linux-headers-$abi"
echo "ROOT=$root"
echo "SYSROOT=$root/sysroot"
