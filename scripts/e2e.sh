#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end checks in QEMU: build our modules against a kernel, boot it with
# them, busybox and alsa-utils, and run scripts/guest/e2e.sh in the guest.
#   E2E_KERNEL=stock (default): the Debian stock kernel matching the
#     installed linux-headers-amd64, with its ALSA modules.
#   E2E_KERNEL=debug: the 6.12 debug kernel (ALSA built in, KASAN, lockdep,
#     kmemleak, UBSAN, SND_CTL_DEBUG, SND_CTL_INPUT_VALIDATION).
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
case $which in
stock)
	eval "$("$here/scripts/stock-kernel.sh")"
	kdir=$KDIR stock=$ROOT
	kver=$(basename "$KDIR" | sed 's/^linux-headers-//')
	kernel=$ROOT/boot/vmlinuz-$kver
	;;
debug)
	kdir=$(debug_kdir) stock=
	kver=$(cat "$kdir/include/config/kernel.release")
	kernel=$kdir/arch/x86/boot/bzImage
	;;
*) die "E2E_KERNEL must be stock or debug" ;;
esac

# A private run directory, so that concurrent runs do not collide; it is
# kept for inspection (the console log is there) and pruned after a day.
find "$CACHE" -maxdepth 1 -name 'run-*' -mtime +0 -exec rm -rf {} + 2>/dev/null || true
run=$(mktemp -d "$CACHE/run-e2e-$which.XXXXXX")
mkdir -p "$run/ko"
log "building modules against $which $kver"
build_modules "$kdir" "$run/ko"
rm -f "$run"/ko/*-test.ko
# What the guest fragments may look at: the check filter, which kernel
# this is, and whether this is the fast variant (make check) or the long one
# (make stress).
{
	echo "E2E_ONLY='${E2E_ONLY:-}'"
	echo "E2E_KERNEL='$which'"
	echo "AUDMOD_STRESS='${AUDMOD_STRESS:-fast}'"
	cat "$payload"
} >"$run/payload.sh"
"$here/scripts/mkinitramfs.sh" "$run/initrd.gz" "$kver" "$run/ko" "$run/payload.sh" $stock
log "booting the $which kernel $kver"
"$here/scripts/qemu-run.sh" "$kernel" "$run/initrd.gz" "$run/console.log" "${E2E_TIMEOUT:-900}"
log "console log: $run/console.log"
if [ -n "${E2E_SHOW:-}" ]; then
	sed -n '/AUDMOD-GUEST-START/,/AUDMOD-GUEST-END/p' "$run/console.log" |
		grep -v '^\[ *[0-9.]*\] ' >&2 || true
fi
python3 "$here/scripts/console.py" e2e "$run/console.log" "$which"
