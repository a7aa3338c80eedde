#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The DKMS step of make check: "dkms build" and "dkms install" of the
# driver for the stock kernel against the installed headers (make dkms),
# then a boot of that kernel in QEMU with the .ko files DKMS installed: they
# must load, make the card and unload. Prints a KTAP document (the guest's
# nested under the last result); exits non-zero on failure.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
need_pkgs dkms python3

eval "$("$here/scripts/stock-kernel.sh")" || die "no stock kernel"
kver=$(basename "$KDIR" | sed 's/^linux-headers-//')
n=0 failed=0
echo "KTAP version 1"
echo "1..3"
# result RC NAME [DIRECTIVE]: one KTAP result.
result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2${3:+ # $3}"
		failed=$((failed + 1))
	fi
}

run=$(mktemp -d "$CACHE/run-dkms.XXXXXX")
"$here/scripts/dkms.sh" "$kver" >"$run/dkms.log" 2>&1
rc=$?
grep -E '^(make|Signing|   - Installing|depmod|audmod/)' "$run/dkms.log" | sed 's/^/# /'
[ $rc = 0 ] || cat "$run/dkms.log" >&2
result $rc "dkms:build-install-$kver"

# Exactly the two driver modules, no test or benchmark module.
kodir=/lib/modules/$kver/updates/dkms
ls "$kodir" | sed 's/^/# installed: /'
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
	"$here/scripts/mkinitramfs.sh" "$run/initrd.gz" "$kver" "$kodir" "$run/payload.sh" "$ROOT" >&2 &&
	"$here/scripts/qemu-run.sh" "$ROOT/boot/vmlinuz-$kver" "$run/initrd.gz" "$run/console.log" \
		"${E2E_TIMEOUT:-900}" >&2; then
	python3 "$here/scripts/console.py" e2e "$run/console.log" dkms >"$run/judge.txt"
	rc=$?
	sed 's/^/    /' "$run/judge.txt"
	result $rc "dkms:guest"
else
	result 1 "dkms:guest" "no guest run"
fi
log "console log: $run/console.log"
[ "$failed" = 0 ]
