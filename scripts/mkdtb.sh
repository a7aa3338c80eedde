#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the device tree of an arm64 test board: QEMU's own "virt" tree
# (dumped with the options the guest boots with, qemu_arm64_args) with one
# of scripts/dts/audmod-*.dtsi appended, compiled by dtc with every check
# on and warnings treated as errors.
#   mkdtb.sh OUT BOARD     BOARD: simple-card or graph-card
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

out=$1 board=$2
dtsi=$here/scripts/dts/audmod-$board.dtsi
[ -f "$dtsi" ] || die "no board description $dtsi"
need_pkgs qemu-system-arm device-tree-compiler
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
read -ra qemu < <(qemu_arm64_args)
qemu[2]="${qemu[2]},dumpdtb=$work/virt.dtb"
"${qemu[@]}" -nographic -nodefaults >/dev/null 2>&1 || true
[ -s "$work/virt.dtb" ] || die "QEMU did not dump its device tree"
dtc -q -I dtb -O dts -o "$work/virt.dts" "$work/virt.dtb"
{
	cat "$work/virt.dts"
	echo "/include/ \"$dtsi\""
} >"$work/board.dts"
# QEMU's own tree draws warnings we cannot change: check ours alone first,
# strictly, then build the whole.
dtc -I dts -O dtb -o /dev/null \
	<(echo '/dts-v1/;'; cat "$dtsi") 2>"$work/dtc.log" || {
	cat "$work/dtc.log" >&2
	die "dtc rejected $dtsi"
}
[ ! -s "$work/dtc.log" ] || { cat "$work/dtc.log" >&2; die "dtc warns about $dtsi"; }
dtc -q -I dts -O dtb -o "$out" "$work/board.dts"
