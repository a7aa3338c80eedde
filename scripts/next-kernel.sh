#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare a tree of the newest kernel Debian unstable ships, for compile
# checks only: the source package is downloaded with a private APT
# configuration (sid_apt in lib.sh) and unpacked into the cache, then
# configured with the config Debian built that kernel with, and taken as
# far as modules_prepare; no kernel image is built. The Module.symvers of
# Debian's build is copied in, so that modpost still checks our modules'
# symbols (unresolved ones, namespace imports) without a vmlinux. Both
# come from Debian's own headers package of that kernel (its arch part
# only: .config and Module.symvers; the ABI is the one sid's
# linux-headers-amd64 names today, never pinned). Prints
#   KDIR=<dir to build modules against: make -C $KDIR M=$PWD modules>
# Everything is keyed on the package versions, so a new upload prepares a
# new tree; an unchanged one is reused at once.
#   next-kernel.sh
# NEXT_KERNEL_PKG overrides the source package (default linux-source-7.2).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

pkg=$NEXT_KERNEL_PKG
# Bump when the configuration or prepare steps below change.
RECIPE=2

# pahole: the tree records the version it was configured with and warns
# on every module build when another is installed (7.2's Makefile), so it
# is there before the tree is configured and its version is in the key.
need_pkgs flex bison bc libelf-dev libssl-dev make gcc xz-utils sparse pahole
conf=$(sid_apt)
ver=$(sid_candidate "$pkg")
[ -n "$ver" ] && [ "$ver" != "(none)" ] || die "$pkg is not in Debian unstable"
abi=$(APT_CONFIG=$conf apt-cache depends linux-headers-amd64 |
	sed -n 's/.*Depends: linux-headers-\(.*-amd64\)$/\1/p' | head -n 1)
[ -n "$abi" ] || die "Debian unstable's linux-headers-amd64 names no headers"
hdrpkg=linux-headers-$abi
hver=$(sid_candidate "$hdrpkg")
[ -n "$hver" ] && [ "$hver" != "(none)" ] || die "$hdrpkg is not in Debian unstable"
# Between two uploads the binary packages may lag the source: the config
# and exported symbols of a neighbouring upload are still the right ones
# for a compile check, so go on, but say so.
[ "$hver" = "$ver" ] || log "note: $pkg is $ver but $hdrpkg is $hver"

# The pristine source, shared by every configuration of it (and by the
# next debug kernel).
src=$(next_src "$ver")
# One build dir (make O=) per source version, headers version, pahole
# version and recipe.
pahole_ver=$(pahole --version) || die "pahole does not run"
out="$CACHE/kernel-next-$ver-hdr$hver-pahole${pahole_ver#v}-r$RECIPE"

if [ -f "$out/.done" ]; then
	echo "KDIR=$out"
	echo "CHECK=$(next_sparse "$src")"
	exit 0
fi
# Two callers must not unpack or prepare the same tree at once.
exec 9>"$CACHE/kernel-next.lock"
flock 9

if [ ! -f "$out/.done" ]; then
	log "configuring $pkg $ver as Debian's $abi ($hver), modules_prepare"
	rm -rf "$out" && mkdir -p "$out/.deb"
	(cd "$out/.deb" && APT_CONFIG=$conf apt-get download "$hdrpkg=$hver" >/dev/null 2>&1) ||
		die "apt-get download $hdrpkg=$hver failed"
	dpkg-deb --fsys-tarfile "$out"/.deb/*.deb |
		tar -x -C "$out/.deb" "./usr/src/$hdrpkg/.config" \
			"./usr/src/$hdrpkg/Module.symvers" ||
		die "no .config and Module.symvers in $hdrpkg"
	mv "$out/.deb/usr/src/$hdrpkg/.config" "$out/.config"
	mv "$out/.deb/usr/src/$hdrpkg/Module.symvers" "$out/.deb.symvers"
	rm -rf "$out/.deb"
	# No BTF (needs pahole and vmlinux), no signing or symbol versions
	# (nothing is loaded: the modules are only compiled), no Rust
	# toolchain, no Debian signing keys (not in the source package).
	# MODULE_SIG stays on where the lockdown LSM selects it: harmless,
	# modules are signed only by modules_install.
	"$src/scripts/config" --file "$out/.config" \
		--disable DEBUG_INFO_BTF --disable MODULE_SIG --disable MODULE_SIG_ALL \
		--disable MODVERSIONS --disable RUST \
		--set-str MODULE_SIG_KEY "" --set-str SYSTEM_TRUSTED_KEYS "" \
		--set-str SYSTEM_REVOCATION_KEYS "" --set-str SYSTEM_BLACKLIST_HASH_LIST "" \
		--module KUNIT
	make -s -C "$src" O="$out" olddefconfig >"$out/prepare.log" 2>&1 &&
		make -s -C "$src" O="$out" -j"$(nproc)" modules_prepare >>"$out/prepare.log" 2>&1 || {
		tail -n 40 "$out/prepare.log" >&2
		die "modules_prepare of $pkg failed (log: $out/prepare.log)"
	}
	# modpost reads the exported symbols from KDIR. Debian builds no
	# KUnit, so its list lacks KUnit's exports; our suites need them
	# (KUNIT=m above), and they are listed from KUnit's own sources.
	{
		cat "$out/.deb.symvers"
		if ! grep -q '	kunit_add_action	' "$out/.deb.symvers"; then
			grep -rhoE '^EXPORT_SYMBOL(_GPL)?\([a-z_0-9]+\)' "$src/lib/kunit" |
				sed -E 's/^(EXPORT_SYMBOL(_GPL)?)\(([a-z_0-9]+)\)$/0x00000000\t\3\tlib\/kunit\/kunit\t\1\t/'
		fi
	} >"$out/Module.symvers"
	rm -f "$out/.deb.symvers"
	touch "$out/.done"
fi
check=$(next_sparse "$src")
echo "KDIR=$out"
echo "CHECK=$check"
