# SPDX-License-Identifier: GPL-2.0
# Helpers for guest payloads (busybox sh). Sourced by /init.
#
# Results are KTAP, as the kernel's kselftests print them: a version line
# before the first result, then one "ok N NAME" or "not ok N NAME" line per
# check, the output of a failed check as "# " diagnostic lines before its
# result, and a "# Totals:" line at the end (guest_ktap_totals, run by
# /init). The count lives in a file, so checks run in subshells are
# numbered and counted too.

AUDMOD=/audmod
GUEST_KTAP=/tmp/audmod-ktap

# guest_ktap_result pass|fail|skip NAME [REASON]: print one numbered
# result line and count it.
guest_ktap_result() {
	local n
	[ -e $GUEST_KTAP ] || echo "KTAP version 1"
	echo "$1" >>$GUEST_KTAP
	n=$(($(wc -l <$GUEST_KTAP)))
	case $1 in
	pass) echo "ok $n $2" ;;
	fail) echo "not ok $n $2" ;;
	skip) echo "ok $n $2 # SKIP $3" ;;
	esac
}

# check NAME CMD...: run one named end-to-end check and report it.
check() {
	local name=$1
	shift
	if "$@" >/tmp/check.out 2>&1; then
		guest_ktap_result pass "$name"
	else
		sed 's/^/# | /' /tmp/check.out
		# Output without a final newline must not swallow the result line.
		[ -z "$(tail -c 1 /tmp/check.out)" ] || echo
		guest_ktap_result fail "$name"
	fi
}

# check_skip NAME REASON: report a check that cannot run here, visibly.
check_skip() {
	guest_ktap_result skip "$1" "$2"
}

# guest_ktap_totals: the guest's own count, which the host compares with
# the results it read (a lost or garbled line fails the run).
guest_ktap_totals() {
	local p=0 f=0 s=0
	if [ -e $GUEST_KTAP ]; then
		p=$(grep -c '^pass$' $GUEST_KTAP)
		f=$(grep -c '^fail$' $GUEST_KTAP)
		s=$(grep -c '^skip$' $GUEST_KTAP)
	fi
	echo "# Totals: pass:$p fail:$f xfail:0 xpass:0 skip:$s error:0"
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
