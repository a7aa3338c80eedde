#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pack a busybox initramfs for a QEMU guest run.
#   mkinitramfs.sh OUT KVER KO_DIR PAYLOAD [STOCK_ROOT]
# KO_DIR: our built modules, installed as /lib/modules/KVER/extra so that the
# guest loads them (and their dependencies) with modprobe. PAYLOAD: the guest
# script run by /init. With STOCK_ROOT, the ALSA modules of that distro kernel
# and everything they depend on are added too.
# busybox and alsa-utils (amixer, alsactl, aplay, arecord, alsabat, alsaucm)
# with their shared libraries, /usr/share/alsa and our card's UCM profile are
# always included.
# For a foreign guest (arm64) set AUDMOD_GUEST_ARCH=arm64 and
# AUDMOD_GUEST_SYSROOT to its userspace (scripts/arm64-kernel.sh): busybox,
# alsa-utils and libraries then come from there and the tools are cross-built.
# AUDMOD_GUEST_MODULES: more modules of STOCK_ROOT to include (with their
# dependencies), for example the generic sound card drivers.
# AUDMOD_GUEST_EXTRA_ROOT: a root tree to merge into the image (amd64 only),
# with the host libraries its programs need; the servers boot's sound
# servers (scripts/servers-root.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

out=$1 kver=$2 kodir=$3 payload=$4 stock=${5:-}
need_pkgs busybox-static alsa-utils alsa-ucm-conf cpio gzip kmod gcc libc6-dev file

arch=${AUDMOD_GUEST_ARCH:-amd64}
sysroot=${AUDMOD_GUEST_SYSROOT:-}
case $arch in
amd64) GUEST_CC=gcc ;;
arm64)
	[ -d "$sysroot" ] || die "AUDMOD_GUEST_SYSROOT must name the arm64 userspace"
	need_pkgs gcc-12-aarch64-linux-gnu libc6-dev-arm64-cross binutils
	GUEST_CC=aarch64-linux-gnu-gcc-12
	;;
*) die "AUDMOD_GUEST_ARCH must be amd64 or arm64" ;;
esac
# Guest tools that link against alsa-lib: $GUEST_CC $GUEST_ALSA_CFLAGS ...
# $GUEST_ALSA_LIBS, dynamically (Debian ships no static libasound).
GUEST_ALSA_CFLAGS='' GUEST_ALSA_LIBS=-lasound
[ -n "$sysroot" ] && {
	GUEST_ALSA_CFLAGS="-I$sysroot/usr/include"
	GUEST_ALSA_LIBS="-L$sysroot/usr/lib/aarch64-linux-gnu -Wl,-rpath-link,$sysroot/usr/lib/aarch64-linux-gnu -lasound"
}

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,etc,audmod,var/lib/alsa,run}

# copy_libs BINARY: every shared library BINARY needs, into the image.
# Host binaries: as ldd lists them. Foreign ones: their DT_NEEDED entries,
# resolved in the sysroot, recursively.
copy_libs() {
	if [ -z "$sysroot" ]; then
		ldd "$1" | grep -o '/[^ ]*' | while read -r lib; do
			mkdir -p "$root$(dirname "$lib")"
			cp -L "$lib" "$root$lib"
		done
		return
	fi
	copy_needed "$1"
}
# copy_bin BINARY [DEST]: a dynamically linked program (into /bin) and its
# libraries.
copy_bin() {
	mkdir -p "$root${2:-/bin}"
	cp "$1" "$root${2:-/bin}/"
	copy_libs "$1"
}
copy_needed() {
	local lib d found
	for lib in $(readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		[ -e "$root/lib/aarch64-linux-gnu/$lib" ] && continue
		found=
		for d in lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu; do
			[ -e "$sysroot/$d/$lib" ] && found=$sysroot/$d/$lib && break
		done
		[ -n "$found" ] || die "$lib (needed by $1) is not in $sysroot"
		mkdir -p "$root/lib/aarch64-linux-gnu"
		cp -L "$found" "$root/lib/aarch64-linux-gnu/$lib"
		copy_needed "$found"
	done
	# The program interpreter is looked up by absolute path.
	if readelf -l "$1" | grep -q 'ld-linux-aarch64.so.1'; then
		cp -L "$sysroot/lib/ld-linux-aarch64.so.1" "$root/lib/"
	fi
}

if [ -n "$sysroot" ]; then
	cp "$sysroot/bin/busybox" "$root/bin/busybox"
else
	cp /bin/busybox "$root/bin/busybox"
fi
install -m 755 "$here/scripts/guest/init" "$root/init"
cp "$here/scripts/guest/lib.sh" "$root/audmod/guest-lib.sh"
cp "$payload" "$root/audmod/payload.sh"
# Payload fragments (e2e-*.sh, demo-*.sh) that payloads source by name,
# and what the kernel's selftests must at least pass on our card.
cp "$here"/scripts/guest/*-*.sh "$here/scripts/guest/selftests.expect" "$root/audmod/" ||
	die "copying the guest's fragments failed"
# Small test tools for the guest: static, except those that use alsa-lib,
# which link it dynamically (Debian ships no static libasound) and get their
# libraries copied below like aplay's.
mkdir -p "$root/audmod/bin"
for c in "$here"/scripts/guest/tools/*.c; do
	[ -e "$c" ] || continue
	bin=$root/audmod/bin/$(basename "$c" .c)
	if grep -q '^#include <alsa/asoundlib.h>' "$c"; then
		[ -n "$sysroot" ] || need_pkgs libasound2-dev
		$GUEST_CC -O2 -Wall -Werror -I"$here/include" $GUEST_ALSA_CFLAGS \
			-o "$bin" "$c" $GUEST_ALSA_LIBS -lm
	else
		$GUEST_CC -O2 -Wall -Werror -static -I"$here/include" -o "$bin" "$c" -lm
	fi || die "building guest tool $c failed"
done
# The same tools as static 32-bit programs (compat ioctls): i386 on amd64
# (libc6-dev-i386 and lib32gcc, with the bi-arch asm headers that
# gcc-multilib would link), armhf (AArch32 EL0) on arm64.
case $arch in
amd64)
	need_pkgs libc6-dev-i386 lib32gcc-12-dev
	inc32=$(mktemp -d)
	ln -s /usr/include/x86_64-linux-gnu/asm "$inc32/asm"
	CC32="gcc -m32 -idirafter $inc32"
	;;
arm64)
	need_pkgs gcc-12-arm-linux-gnueabihf libc6-dev-armhf-cross
	inc32=
	CC32=arm-linux-gnueabihf-gcc-12
	;;
esac
for t in ctlraw amchan; do
	$CC32 -O2 -Wall -Werror -static -I"$here/include" \
		-o "$root/audmod/bin/${t}32" "$here/scripts/guest/tools/$t.c" ||
		die "building the 32-bit $t failed"
done
[ -z "$inc32" ] || rm -rf "$inc32"
# The kernel's ALSA selftests, run from /audmod/alsa-selftests.
if [ -n "$sysroot" ]; then
	CC=$GUEST_CC PKG_CONFIG_SYSROOT_DIR=$sysroot \
		PKG_CONFIG_LIBDIR=$sysroot/usr/lib/aarch64-linux-gnu/pkgconfig \
		"$here/scripts/alsa-selftests.sh" "$root/audmod/alsa-selftests"
else
	"$here/scripts/alsa-selftests.sh" "$root/audmod/alsa-selftests"
fi
# audmodctl and its library (alsa-lib, so dynamic like the tools above).
$GUEST_CC -O2 -Wall -Werror -I"$here/include" $GUEST_ALSA_CFLAGS -o "$root/audmod/bin/audmodctl" \
	"$here"/scripts/audmodctl/{audmodctl,libaudmod}.c $GUEST_ALSA_LIBS ||
	die "building audmodctl failed"
moddir=lib/modules/$kver
mkdir -p "$root/$moddir/extra"
cp "$kodir"/*.ko "$root/$moddir/extra/"

# alsa-utils and the libraries the dynamic linker needs for them.
for b in amixer alsactl aplay arecord alsabat alsaucm speaker-test; do
	if [ -n "$sysroot" ]; then
		p=$(ls "$sysroot"/usr/bin/$b "$sysroot"/usr/sbin/$b 2>/dev/null | head -n 1 || true)
	else
		p=$(command -v "$b")
	fi
	[ -n "$p" ] || die "$b not found"
	copy_bin "$p"
done
for b in "$root"/audmod/bin/*; do
	file -b "$b" | grep -q 'dynamically linked' && copy_libs "$b"
done
# glibc loads libgcc_s at run time for pthread_cancel() (alsabat uses it).
if [ -n "$sysroot" ]; then
	cp -L "$sysroot/lib/aarch64-linux-gnu/libgcc_s.so.1" "$root/lib/aarch64-linux-gnu/"
else
	libc=$(ldd "$(command -v alsabat)" | grep -o '/[^ ]*/libc\.so\.[0-9]*')
	cp -L "$(dirname "$libc")/libgcc_s.so.1" "$root$(dirname "$libc")/"
fi
extra=${AUDMOD_GUEST_EXTRA_ROOT:-}
if [ -n "$extra" ]; then
	[ -z "$sysroot" ] || die "AUDMOD_GUEST_EXTRA_ROOT is for amd64 guests only"
	[ -d "$extra" ] || die "AUDMOD_GUEST_EXTRA_ROOT=$extra is not a directory"
	cp -a "$extra/." "$root/"
	rm -f "$root/.done"
	# What the tree's programs and plugins need from outside it, as ldd
	# resolves it with the tree's libraries first (the PipeWire modules
	# link each other by soname, hence their directory).
	xlib=$extra/usr/lib/x86_64-linux-gnu
	find "$extra" -type f | while read -r f; do
		file -b "$f" | grep -q '^ELF' || continue
		LD_LIBRARY_PATH=$xlib:$extra/lib/x86_64-linux-gnu:$xlib/pipewire-0.3 ldd "$f" 2>/dev/null
	done | grep -o '/[^ ]*' | sort -u | while read -r lib; do
		case $lib in "$extra"/*) continue ;; esac
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
fi
mkdir -p "$root/usr/share"
# Arch-independent (libasound2-data): the host's serves every guest.
cp -r /usr/share/alsa "$root/usr/share/"
# alsactl init hooks and other cards' UCM profiles are not needed and are
# large: of alsa-ucm-conf only its top-level ucm.conf (which tells alsa-lib
# where to look) and the lib/ it includes, and our card's profile where
# make install puts it.
rm -rf "$root/usr/share/alsa/ucm2" "$root/usr/share/alsa/init"
mkdir -p "$root/usr/share/alsa/ucm2/conf.d"
cp -r /usr/share/alsa/ucm2/ucm.conf /usr/share/alsa/ucm2/lib "$root/usr/share/alsa/ucm2/"
cp -r "$here/scripts/ucm2/audmod" "$root/usr/share/alsa/ucm2/conf.d/"

if [ -n "$stock" ]; then
	# The ALSA core of the distro kernel, resolved through modules.dep.
	cp "$stock/$moddir"/modules.{builtin,builtin.modinfo,order} "$root/$moddir/"
	# snd-aloop (the reference card of the streaming benchmark) exists on
	# amd64 only.
	mods="snd-soc-core snd-hrtimer snd-hwdep ${AUDMOD_GUEST_MODULES:-}"
	# snd-dummy too: the kernel's own reference driver of the servers boot.
	[ "$arch" = amd64 ] && mods="$mods snd-aloop snd-dummy"
	for m in $mods; do
		modprobe -d "$stock" -S "$kver" --show-depends "$m" >"$root/.deps" ||
			die "module $m not found in $stock"
		awk '$1 == "insmod" {print $2}' "$root/.deps"
	done | sort -u | while read -r ko; do
		rel=${ko#"$stock"/}
		mkdir -p "$root/$(dirname "$rel")"
		cp "$ko" "$root/$rel"
	done
fi

for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -e "$root/$moddir/$f" ] || : >"$root/$moddir/$f"
done
rm -f "$root/.deps"
depmod -b "$root" "$kver"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
