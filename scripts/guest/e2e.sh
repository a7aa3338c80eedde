# SPDX-License-Identifier: GPL-2.0
# End-to-end checks run inside the stock-kernel guest (busybox sh). Each is a
# named check reported by check() from guest lib.sh; the host also scans the
# whole console for oopses and warnings. The module-load checks are here; the
# feature checks are in the e2e-*.sh fragments, each run with the module
# loaded and the card present, in name order.

# want NAME: true if NAME is selected by E2E_ONLY (a name prefix).
want() { case "$1" in "$E2E_ONLY"*) return 0 ;; *) return 1 ;; esac; }

check load-insmod modprobe snd-soc-audmod
check load-listed grep -q '^snd_soc_audmod ' /proc/modules
for f in "$AUDMOD"/e2e-*.sh; do
	[ -e "$f" ] && . "$f"
done
check unload-rmmod modprobe -r snd-soc-audmod
check unload-gone sh -c '! grep -q "^snd_soc_audmod " /proc/modules'
