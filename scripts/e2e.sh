#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end checks in QEMU: build our modules against a kernel, boot it with
# them, busybox and alsa-utils, and run scripts/guest/e2e.sh in the guest.
#   E2E_KERNEL=stock (default): the Debian stock kernel matching the
#     installed linux-headers-amd64, with its ALSA modules.
#   E2E_KERNEL=debug: the 6.12 debug kernel (ALSA built in, KASAN, lockdep,
#     kmemleak, UBSAN, SND_CTL_DEBUG, SND_CTL_INPUT_VALIDATION).
#   E2E_KERNEL=next: the same debug configuration on the newest kernel
#     Debian unstable ships (build-debug-kernel.sh next: 7.2).
#   E2E_KERNEL=stock-6.12: Debian 12's stock 6.12 (linux-image-6.12-amd64).
#   E2E_KERNEL=rt: Debian's PREEMPT_RT 6.1 of the stock ABI.
#   E2E_KERNEL=arm64: Debian's arm64 6.1 of the stock ABI on QEMU's "virt"
#     board, modules and guest tools cross-built. E2E_BOARD says who makes
#     the card: virtual (default: our virtual dev board), simple-card or
#     graph-card (a device tree describing our codec and PCM component to
#     simple-audio-card or audio-graph-card, scripts/dts/).
# E2E_BOOT says what the boot runs:
#   e2e (default): the ordinary checks (scripts/guest/e2e.sh), -smp 2, with
#     nothing in them that judges time;
#   pacing: the pacing checks only (scripts/guest/pacing.sh), under QEMU
#     -icount shift=0 -smp 1 (guest time follows instructions; this QEMU
#     hangs under icount with two CPUs), leg "pacing" (or KERNEL-pacing);
#   servers: our card under alsa-lib's dmix/dsnoop/plug, PipeWire with
#     WirePlumber and jackd2, beside snd-dummy and snd-aloop
#     (scripts/guest/servers.sh, Debian 12's servers unpacked into the
#     image by scripts/servers-root.sh), stock kernel only, leg "servers".
# Lines the guest prints as "# figure: ..." are shown on stderr.
# E2E_ONLY=<prefix> runs only the checks whose name starts so; E2E_SHOW=1
# prints the guest's output; AUDMOD_STRESS=long selects the long variants
# of the stress checks (make stress) instead of the fast ones (make check).
# Prints the verdict as KTAP (scripts/console.py: one result per check, then
# the judgements of the console) on stdout, everything else on stderr;
# exits non-zero on failure.
#   e2e.sh [PAYLOAD]   (default scripts/guest/e2e.sh; demo.sh passes its own)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
need_pkgs python3

payload=${1:-$here/scripts/guest/e2e.sh}
which=${E2E_KERNEL:-stock}
board=${E2E_BOARD:-virtual}
make_args=()
export AUDMOD_GUEST_ARCH=amd64 AUDMOD_GUEST_SYSROOT='' AUDMOD_GUEST_MODULES=''
case $which in
stock | stock-6.12 | rt)
	case $which in
	stock) eval "$("$here/scripts/stock-kernel.sh" 6.1)" ;;
	stock-6.12) eval "$("$here/scripts/stock-kernel.sh" 6.12)" ;;
	rt) eval "$("$here/scripts/stock-kernel.sh" rt)" ;;
	esac
	kdir=$KDIR stock=$ROOT
	kver=$(basename "$KDIR" | sed 's/^linux-headers-//')
	kernel=$ROOT/boot/vmlinuz-$kver
	;;
debug | next)
	kdir=$("$here/scripts/build-debug-kernel.sh" "$which") stock=
	kver=$(cat "$kdir/include/config/kernel.release")
	kernel=$kdir/arch/x86/boot/bzImage
	;;
arm64)
	eval "$("$here/scripts/arm64-kernel.sh")"
	kdir=$KDIR stock=$ROOT
	kver=$(basename "$KDIR" | sed 's/^linux-headers-//')
	kernel=$ROOT/boot/vmlinuz-$kver
	make_args=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
	AUDMOD_GUEST_ARCH=arm64 AUDMOD_GUEST_SYSROOT=$SYSROOT
	;;
*) die "E2E_KERNEL must be stock, debug, next, stock-6.12, rt or arm64" ;;
esac
card_module=
case $board in
virtual) ;;
simple-card) card_module=snd-soc-simple-card ;;
graph-card) card_module=snd-soc-audio-graph-card ;;
*) die "E2E_BOARD must be virtual, simple-card or graph-card" ;;
esac
[ "$board" = virtual ] || [ "$which" = arm64 ] ||
	die "E2E_BOARD=$board needs E2E_KERNEL=arm64 (a device tree)"
AUDMOD_GUEST_MODULES=$card_module
# The name of this leg, the prefix of its checks.
leg=$which
[ "$board" = virtual ] || leg=$which-$board
boot=${E2E_BOOT:-e2e}
export QEMU_SMP=2 QEMU_ICOUNT=
case $boot in
e2e) ;;
pacing)
	[ $# = 0 ] || die "E2E_BOOT=$boot runs its own payload"
	[ "$which" = arm64 ] && die "E2E_BOOT=$boot: amd64 kernels only"
	payload=$here/scripts/guest/$boot.sh
	leg=$boot
	[ "$which" = stock ] || leg=$which-$boot
	QEMU_SMP=1 QEMU_ICOUNT=shift=0
	;;
servers)
	[ $# = 0 ] || die "E2E_BOOT=$boot runs its own payload"
	[ "$which" = stock ] || die "E2E_BOOT=$boot: the stock kernel only (snd-dummy)"
	payload=$here/scripts/guest/$boot.sh
	leg=$boot
	AUDMOD_GUEST_EXTRA_ROOT=$("$here/scripts/servers-root.sh")
	export AUDMOD_GUEST_EXTRA_ROOT
	;;
*) die "E2E_BOOT must be e2e, pacing or servers" ;;
esac

# A private run directory, so that concurrent runs do not collide; it is
# kept for inspection (the console log is there) and pruned after a day.
find "$CACHE" -maxdepth 1 -name 'run-*' -mtime +0 -exec rm -rf {} + 2>/dev/null || true
run=$(mktemp -d "$CACHE/run-e2e-$leg.XXXXXX")
mkdir -p "$run/ko"
log "building modules against $which $kver"
build_modules "$kdir" "$run/ko" "${make_args[@]}"
rm -f "$run"/ko/*-test.ko
# What the guest fragments may look at: the check filter, which kernel
# this is, and whether this is the fast variant (make check) or the long one
# (make stress).
{
	echo "E2E_ONLY='${E2E_ONLY:-}'"
	echo "E2E_KERNEL='$which'"
	echo "AUDMOD_STRESS='${AUDMOD_STRESS:-fast}'"
	# Who makes the card; with a DT board, bind its card driver first.
	echo "E2E_BOARD='$board'"
	echo "E2E_CARD_MODULE='$card_module'"
	[ -z "$card_module" ] || echo '. "$AUDMOD/board-dt.sh"'
	cat "$payload"
} >"$run/payload.sh"
"$here/scripts/mkinitramfs.sh" "$run/initrd.gz" "$kver" "$run/ko" "$run/payload.sh" $stock
export AUDMOD_GUEST_DTB=
if [ "$board" != virtual ]; then
	"$here/scripts/mkdtb.sh" "$run/board.dtb" "$board"
	AUDMOD_GUEST_DTB=$run/board.dtb
fi
# The servers boot streams for minutes (jackd alone 30 s a run, six runs).
timeout=900
[ "$boot" != servers ] || timeout=1800
log "booting the $which kernel $kver ($board board, $boot, $QEMU_SMP CPU(s)${QEMU_ICOUNT:+, icount $QEMU_ICOUNT})"
t0=$(date +%s)
"$here/scripts/qemu-run.sh" "$kernel" "$run/initrd.gz" "$run/console.log" "${E2E_TIMEOUT:-$timeout}"
log "guest ran $(( $(date +%s) - t0 )) s"
log "console log: $run/console.log"
if [ -n "${E2E_SHOW:-}" ]; then
	sed -n '/AUDMOD-GUEST-START/,/AUDMOD-GUEST-END/p' "$run/console.log" |
		grep -v '^\[ *[0-9.]*\] ' >&2 || true
fi
# The checks this run must report (scripts/e2e.manifest): those of its
# leg, or of its payload when that is not the e2e one (make demo: "demo").
manifest_leg=$leg
[ "$boot" != e2e ] || [ "$payload" = "$here/scripts/guest/e2e.sh" ] ||
	manifest_leg=$(basename "$payload" .sh)
sed -n 's/^# figure: /figure: /p' "$run/console.log" >&2
python3 "$here/scripts/console.py" e2e "$run/console.log" "$leg" "$manifest_leg"
