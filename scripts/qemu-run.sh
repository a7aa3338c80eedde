#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot KERNEL with INITRD under QEMU (TCG: KVM does not work on these
# machines) and write the serial console to LOG. The guest powers off by
# itself; TIMEOUT seconds (default 900) is the backstop.
#   qemu-run.sh KERNEL INITRD LOG [TIMEOUT] [EXTRA_CMDLINE]
# AUDMOD_GUEST_ARCH=arm64 boots an arm64 Image on QEMU's "virt" board
# (qemu_arm64_args in lib.sh); AUDMOD_GUEST_DTB then replaces the board's own
# device tree by that file (scripts/mkdtb.sh).
# QEMU_SMP sets the CPU count (default 2); QEMU_ICOUNT, if set, is passed as
# -icount (make bench: "shift=0" makes guest time count instructions).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

kernel=$1 initrd=$2 logf=$3 tmo=${4:-900} extra=${5:-}

icount=()
[ -n "${QEMU_ICOUNT:-}" ] && icount=(-icount "$QEMU_ICOUNT")
case ${AUDMOD_GUEST_ARCH:-amd64} in
amd64)
	need_pkgs qemu-system-x86
	qemu=(qemu-system-x86_64 -m 2048 -smp "${QEMU_SMP:-2}" "${icount[@]}")
	[ -f /usr/share/qemu/qboot.rom ] && qemu+=(-bios /usr/share/qemu/qboot.rom)
	console=ttyS0
	;;
arm64)
	need_pkgs qemu-system-arm
	read -ra qemu < <(qemu_arm64_args)
	[ -n "${AUDMOD_GUEST_DTB:-}" ] && qemu+=(-dtb "$AUDMOD_GUEST_DTB")
	console=ttyAMA0
	;;
*) die "AUDMOD_GUEST_ARCH must be amd64 or arm64" ;;
esac
rc=0
timeout --foreground -k 10 "$tmo" "${qemu[@]}" -nographic -no-reboot \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=$console panic=-1 loglevel=7 $extra" \
	-monitor none -serial stdio -nodefaults \
	</dev/null >"$logf" 2>&1 || rc=$?
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "AUDMOD-QEMU-TIMEOUT after ${tmo}s" >>"$logf"
	log "QEMU timed out after ${tmo}s"
fi
# Control characters from the guest's serial line would upset the parsers.
sed -i 's/\r$//' "$logf"
exit 0
