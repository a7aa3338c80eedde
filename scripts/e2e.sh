#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end checks on the stock Debian kernel in QEMU: build our modules
# against the distro headers, boot the matching distro kernel with its ALSA
# modules, ours, busybox and alsa-utils, and run scripts/guest/e2e.sh there.
# E2E_ONLY=<check name prefix> runs only the checks whose name starts so.
# Prints one line per check and "PASSED n FAILED m"; non-zero on failure.
#   e2e.sh [PAYLOAD]   (default scripts/guest/e2e.sh; demo.sh passes its own)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
need_pkgs python3

payload=${1:-$here/scripts/guest/e2e.sh}
eval "$("$here/scripts/stock-kernel.sh")"
kver=$(basename "$KDIR" | sed 's/^linux-headers-//')
# A private run directory, so that concurrent runs do not collide; it is
# kept for inspection (the console log is there) and pruned after a day.
find "$CACHE" -maxdepth 1 -name 'run-*' -mtime +0 -exec rm -rf {} + 2>/dev/null || true
run=$(mktemp -d "$CACHE/run-e2e.XXXXXX")
mkdir -p "$run/ko"
log "building modules against the stock headers $kver"
build_modules "$KDIR" "$run/ko"
rm -f "$run"/ko/*-test.ko
{
	echo "E2E_ONLY='${E2E_ONLY:-}'"
	cat "$payload"
} >"$run/payload.sh"
"$here/scripts/mkinitramfs.sh" "$run/initrd.gz" "$kver" "$run/ko" "$run/payload.sh" "$ROOT"
log "booting the stock kernel $kver"
"$here/scripts/qemu-run.sh" "$ROOT/boot/vmlinuz-$kver" "$run/initrd.gz" \
	"$run/console.log" "${E2E_TIMEOUT:-900}"
log "console log: $run/console.log"
if [ -n "${E2E_SHOW:-}" ]; then
	sed -n '/AUDMOD-GUEST-START/,/AUDMOD-GUEST-END/p' "$run/console.log" |
		grep -v '^\[ *[0-9.]*\] ' || true
fi
python3 "$here/scripts/console.py" e2e "$run/console.log"
