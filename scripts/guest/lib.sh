# SPDX-License-Identifier: GPL-2.0
# Helpers for guest payloads (busybox sh). Sourced by /init.

AUDMOD=/audmod

# check NAME CMD...: run one named end-to-end check and report it.
check() {
	local name=$1
	shift
	if "$@" >/tmp/check.out 2>&1; then
		echo "AUDMOD-E2E: ok $name"
	else
		echo "AUDMOD-E2E: not ok $name"
		sed 's/^/    | /' /tmp/check.out
	fi
}

# Kmemleak reports objects only after they are 5 s old: wait, then scan
# twice (the second scan confirms) and print whatever is left.
guest_kmemleak_scan() {
	local f=/sys/kernel/debug/kmemleak
	[ -e $f ] || return 0
	sleep 6
	echo scan >$f
	echo scan >$f
	cat $f
}
