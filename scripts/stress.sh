#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make stress: the long variants of the reliability checks
# (fault injection, lifecycle cycling, control fuzzing, concurrency soak,
# hostile userspace) on the debug kernel, then a table of their figures.
# The checks report KTAP like every e2e run (printed first); the guest
# fragments print their figures as "AUDMOD-STRESS: key=value" lines on the
# console; the reports are those of the console judge (scripts/console.py:
# KASAN, UBSAN, lockdep, kmemleak, WARN, BUG, oops, hung task). Exits
# non-zero if a check failed (scripts/ktap.py's sum), a figure is missing
# or a report was found. E2E_TIMEOUT (seconds) bounds the guest run;
# default 3600.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

out=$(mktemp)
trap 'rm -f "$out"' EXIT
AUDMOD_STRESS=long E2E_KERNEL=debug E2E_ONLY=stress E2E_TIMEOUT=${E2E_TIMEOUT:-3600} \
	"$here/scripts/e2e.sh" | tee "$out"
rc=${PIPESTATUS[0]}
console=$(sed -n 's/^# console log: //p' "$out" | tail -n 1)
[ -n "$console" ] && [ -r "$console" ] || die "no console log (e2e.sh exit $rc)"
sum=$(python3 "$here/scripts/ktap.py" sum "$out") || rc=1

# figure KEY: the last value the guest printed for KEY, or empty.
figure() {
	grep -ao "AUDMOD-STRESS: $1=[0-9]*" "$console" | tail -n 1 | sed 's/.*=//'
}

reports=$(python3 "$here/scripts/console.py" reports "$console")

bad=0
printf '\n%-44s %12s\n' "stress figure (make stress, debug kernel)" "value"
# row LABEL VALUE: one line of the table; a missing figure is a failure.
row() {
	if [ -z "$2" ]; then
		printf '%-44s %12s\n' "$1" "MISSING"
		bad=1
	else
		printf '%-44s %12s\n' "$1" "$2"
	fi
}
row "fault injection: allocation sites injected" "$(figure fault_sites)"
row "lifecycle: insmod/stream/rmmod cycles" "$(figure insmod_cycles)"
row "lifecycle: unbind/bind cycles" "$(figure bind_cycles)"
row "control fuzzing: operations" "$(figure fuzz_ops)"
row "hostile userspace: cases refused" "$(figure hostile_cases)"
row "soak: notifications sent" "$(figure soak_sent)"
row "soak: notifications delivered" "$(figure soak_delivered)"
row "soak: notifications lost (counted)" "$(figure soak_lost)"
row "reports found (console judge)" "$reports"

echo "checks: $(echo "$sum" | tail -n 1)"
if [ "$rc" -ne 0 ] || [ "$bad" -ne 0 ] || [ "$reports" -ne 0 ]; then
	echo "make stress: FAILED (e2e exit $rc, missing figures $bad, reports $reports)"
	exit 1
fi
echo "make stress: passed"
