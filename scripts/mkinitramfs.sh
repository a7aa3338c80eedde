#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pack a busybox initramfs for a QEMU guest run.
#   mkinitramfs.sh OUT KVER KO_DIR PAYLOAD [STOCK_ROOT]
# KO_DIR: our built modules, installed as /lib/modules/KVER/extra so that the
# guest loads them (and their dependencies) with modprobe. PAYLOAD: the guest
# script run by /init. With STOCK_ROOT, the ALSA modules of that distro kernel
# and everything they depend on are added too.
# busybox and alsa-utils (amixer, alsactl, aplay, arecord, alsabat) with their shared
# libraries and /usr/share/alsa are always included.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

out=$1 kver=$2 kodir=$3 payload=$4 stock=${5:-}
need_pkgs busybox-static alsa-utils cpio gzip kmod gcc libc6-dev file

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,etc,audmod,var/lib/alsa,run}
cp /bin/busybox "$root/bin/busybox"
install -m 755 "$here/scripts/guest/init" "$root/init"
cp "$here/scripts/guest/lib.sh" "$root/audmod/guest-lib.sh"
cp "$payload" "$root/audmod/payload.sh"
# Payload fragments (e2e-*.sh, demo-*.sh) that payloads source by name.
cp "$here"/scripts/guest/*-*.sh "$root/audmod/" 2>/dev/null || true
# Small test tools for the guest: static, except those that use alsa-lib,
# which link it dynamically (Debian ships no static libasound) and get their
# libraries copied below like aplay's.
mkdir -p "$root/audmod/bin"
for c in "$here"/scripts/guest/tools/*.c; do
	[ -e "$c" ] || continue
	bin=$root/audmod/bin/$(basename "$c" .c)
	if grep -q '^#include <alsa/asoundlib.h>' "$c"; then
		need_pkgs libasound2-dev
		gcc -O2 -Wall -Werror -I"$here/include" -o "$bin" "$c" -lasound -lm
	else
		gcc -O2 -Wall -Werror -static -I"$here/include" -o "$bin" "$c" -lm
	fi || die "building guest tool $c failed"
done
# The same tools as static 32-bit programs (compat ioctls): libc6-dev-i386
# and lib32gcc, with the bi-arch asm headers that gcc-multilib would link.
need_pkgs libc6-dev-i386 lib32gcc-12-dev
inc32=$(mktemp -d)
ln -s /usr/include/x86_64-linux-gnu/asm "$inc32/asm"
for t in ctlraw amchan; do
	gcc -m32 -O2 -Wall -Werror -static -I"$here/include" -idirafter "$inc32" \
		-o "$root/audmod/bin/${t}32" "$here/scripts/guest/tools/$t.c" ||
		die "building the 32-bit $t failed"
done
rm -rf "$inc32"
# The kernel's ALSA selftests, run from /audmod/alsa-selftests.
"$here/scripts/alsa-selftests.sh" "$root/audmod/alsa-selftests"
moddir=lib/modules/$kver
mkdir -p "$root/$moddir/extra"
cp "$kodir"/*.ko "$root/$moddir/extra/"

# alsa-utils and the libraries the dynamic linker needs for them.
# copy_libs BINARY: the shared libraries BINARY needs, into the image.
copy_libs() {
	ldd "$1" | grep -o '/[^ ]*' | while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
for b in amixer alsactl aplay arecord alsabat; do
	p=$(command -v "$b")
	cp "$p" "$root/bin/"
	copy_libs "$p"
done
for b in "$root"/audmod/bin/*; do
	file -b "$b" | grep -q 'dynamically linked' && copy_libs "$b"
done
# glibc loads libgcc_s at run time for pthread_cancel() (alsabat uses it).
libc=$(ldd "$(command -v alsabat)" | grep -o '/[^ ]*/libc\.so\.[0-9]*')
cp -L "$(dirname "$libc")/libgcc_s.so.1" "$root$(dirname "$libc")/"
mkdir -p "$root/usr/share"
cp -r /usr/share/alsa "$root/usr/share/"
# alsactl init hooks and UCM are not needed and are large.
rm -rf "$root/usr/share/alsa/ucm2" "$root/usr/share/alsa/init"

if [ -n "$stock" ]; then
	# The ALSA core of the distro kernel, resolved through modules.dep.
	cp "$stock/$moddir"/modules.{builtin,builtin.modinfo,order} "$root/$moddir/"
	for m in snd-soc-core snd-dummy snd-hrtimer snd-hwdep; do
		modprobe -d "$stock" -S "$kver" --show-depends "$m" |
			awk '$1 == "insmod" {print $2}'
	done | sort -u | while read -r ko; do
		rel=${ko#"$stock"/}
		mkdir -p "$root/$(dirname "$rel")"
		cp "$ko" "$root/$rel"
	done
fi

for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -e "$root/$moddir/$f" ] || : >"$root/$moddir/$f"
done
depmod -b "$root" "$kver"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
