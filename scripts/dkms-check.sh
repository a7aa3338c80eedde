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

# In the guest: those very files (the only copies there, same hashes) load
# and make the card.
sums=$(cd "$kodir" 2>/dev/null && sha256sum audmod-core.ko snd-soc-audmod.ko | awk '{print $1}' | tr '\n' ' ')
{
	echo "DKMS_SUMS='$sums'"
	cat <<'GUEST'
dkms_same_files() {
	local n
	n=$(find / -xdev -name '*audmod*.ko' | wc -l)
	[ "$n" = 2 ] || { echo "$n audmod .ko files in the guest"; return 1; }
	[ "$(cd "/lib/modules/$(uname -r)/extra" &&
		sha256sum audmod-core.ko snd-soc-audmod.ko | awk '{print $1}' |
		tr '\n' ' ')" = "$DKMS_SUMS" ]
}
check dkms-same-files dkms_same_files
check dkms-load modprobe snd-soc-audmod
check dkms-card grep -q '\[audmod *\]' /proc/asound/cards
dkms_audmodctl() {
	"$AUDMOD"/bin/audmodctl list | grep -q "^3  Level Meter"
}
check dkms-audmodctl-list dkms_audmodctl
check dkms-unload modprobe -r snd-soc-audmod
GUEST
} >"$run/payload.sh"
if [ -n "$sums" ] &&
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
