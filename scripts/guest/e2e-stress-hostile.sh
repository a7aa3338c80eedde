# SPDX-License-Identifier: GPL-2.0
# Hostile userspace, sourced by e2e.sh with the module
# loaded; debug kernels only. stress_hostile makes requests no sane program
# makes (TLV lengths of 0 to 4 GB, buffers ending in unmapped memory,
# misaligned sizes, command payloads that claim more than they carry,
# writes to read-only and locked controls, out-of-range values, unknown
# targets); each must be refused with its documented errno (the table is
# in stress_hostile.c) and leave every control as it was. The notifier must
# count no refused or lost notification. Prints the AUDMOD-STRESS figure
# hostile_cases.

case $E2E_KERNEL in debug | next) ;; *) return 0 ;; esac

# ho_stat NAME: one counter of the notifier's debugfs stats.
ho_stat() {
	sed -n "s/^$1: //p" "$(find /sys/kernel/debug/asoc -path '*/audio-modules/stats' | head -1)"
}

ho_run() {
	local refused dropped ret=0
	refused=$(ho_stat refused) dropped=$(ho_stat dropped)
	"$AUDMOD"/bin/stress_hostile >/tmp/ho.out 2>&1 || ret=1
	cat /tmp/ho.out
	[ "$(ho_stat refused)" = "$refused" ] && [ "$(ho_stat dropped)" = "$dropped" ] ||
		{ echo "notifier counted refused/dropped notifications"; ret=1; }
	return $ret
}

if want stress-hostile; then
	check stress-hostile-requests ho_run
	echo "AUDMOD-STRESS: $(grep -o 'hostile_cases=[0-9]*' /tmp/ho.out || echo hostile_cases=0)"
	rm -f /tmp/ho.out
fi
