# SPDX-License-Identifier: GPL-2.0
# The hard-interrupt paths of audmod-core under lock contention, sourced by
# e2e.sh: the test module audmod-e2e-hardirq sends notifications and gets
# and puts samples from a pinned HRTIMER_MODE_REL_PINNED_HARD timer while a
# task on the same CPU keeps taking the notifier's and the allocator's
# locks. Its load succeeds only if nothing failed or went missing; the
# console judge fails the run on any kernel report (on PREEMPT_RT a
# sleeping lock in these paths shows as "BUG: scheduling while atomic" or
# "sleeping function called from invalid context"). Runs on every kernel.

hardirq_run() {
	dmesg -c >/dev/null
	modprobe audmod-e2e-hardirq || { dmesg | grep audmod-e2e-hardirq; return 1; }
	dmesg | grep 'audmod-e2e-hardirq: ' | sed 's/^\[[ 0-9.]*\] //'
	dmesg | grep -q 'audmod-e2e-hardirq: ok ' || return 1
	# Loading ran the whole check. rmmod, not modprobe -r: audmod-core
	# stays, the card uses it.
	rmmod audmod_e2e_hardirq
}

want hardirq && check hardirq-contention hardirq_run
