#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The DKMS step of make check: "dkms build" and "dkms install" of the
# driver for the stock kernel against the installed headers (make dkms),
# then a boot of that kernel in QEMU with the .ko files DKMS installed: they
# must load, make the card and unload. Prints one line per check and
# "PASSED n FAILED m"; exits non-zero on failure.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
need_pkgs dkms python3

eval "$("$here/scripts/stock-kernel.sh")" || die "no stock kernel"
kver=$(basename "$KDIR" | sed 's/^linux-headers-//')
passed=0 failed=0
result() {
	if [ "$1" = 0 ]; then
		echo "ok $2"
		passed=$((passed + 1))
	else
		echo "not ok $2"
		failed=$((failed + 1))
	fi
}

run=$(mktemp -d "$CACHE/run-dkms.XXXXXX")
"$here/scripts/dkms.sh" "$kver" >"$run/dkms.log" 2>&1
rc=$?
grep -E '^(make|Signing|   - Installing|depmod|audmod/)' "$run/dkms.log" >&2
[ $rc = 0 ] || cat "$run/dkms.log" >&2
result $rc "dkms:build-install-$kver"

# Exactly the two driver modules, no test or benchmark module.
kodir=/lib/modules/$kver/updates/dkms
ls "$kodir" >&2
[ "$(cd "$kodir" 2>/dev/null && ls | sort | tr '\n' ' ')" = "audmod-core.ko snd-soc-audmod.ko " ]
result $? "dkms:driver-modules-only"

# In the guest: those very files load (same srcversion) and make the card.
src_ver=$(modinfo -F srcversion "$kodir/snd-soc-audmod.ko" 2>/dev/null)
cat >"$run/payload.sh" <<GUEST
check dkms-load modprobe snd-soc-audmod
check dkms-same-module sh -c '[ "\$(cat /sys/module/snd_soc_audmod/srcversion)" = "$src_ver" ]'
check dkms-card grep -q '\[audmod *\]' /proc/asound/cards
check dkms-audmodctl-list sh -c '"\$AUDMOD"/bin/audmodctl list | grep -q "^3  Level Meter"'
check dkms-unload modprobe -r snd-soc-audmod
GUEST
if [ -n "$src_ver" ] &&
	"$here/scripts/mkinitramfs.sh" "$run/initrd.gz" "$kver" "$kodir" "$run/payload.sh" "$ROOT" &&
	"$here/scripts/qemu-run.sh" "$ROOT/boot/vmlinuz-$kver" "$run/initrd.gz" "$run/console.log" \
		"${E2E_TIMEOUT:-900}"; then
	python3 "$here/scripts/console.py" e2e "$run/console.log" stock >"$run/judge.txt"
	grep -v '^PASSED' "$run/judge.txt"
	read -r p f < <(awk '/^PASSED/ {print $2, $4}' "$run/judge.txt")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-1}))
else
	result 1 "dkms:guest-boot"
fi
log "console log: $run/console.log"
echo "PASSED $passed FAILED $failed"
[ "$failed" = 0 ]
