# SPDX-License-Identifier: GPL-2.0
# End-to-end checks of the userspace contract, sourced by e2e.sh with the
# module loaded: the notification channel (every reader gets every
# notification or its exact missed count), the command ioctl (every caller
# its own reply), generic ALSA clients (the kernel's mixer-test and
# pcm-test) and 32-bit clients (compat ioctls).

CH_CARD=$(awk '/\[audmod *\]/ {print $1; exit}' /proc/asound/cards)
CH_BIN=$AUDMOD/bin

# fig TEXT: a figure for the report, printed after the checks (check()
# shows a check's own output only when it fails).
fig() {
	echo "AUDMOD-CHANNEL: $*" >>/tmp/ch-figures
}

# ch_sendfile: the debugfs test sender of the card (debugfs is mounted by
# the debug kernel's init; mount it here for the stock one).
ch_sendfile() {
	[ -d /sys/kernel/debug/asoc ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
	find /sys/kernel/debug/asoc -name audio-modules-send | head -1
}

# ch_accepted: the sender's accepted count.
ch_accepted() {
	sed -n 's/^accepted=\([0-9]*\).*/\1/p' "$1"
}

# A notify-on-change SET reaches a reader that opened the channel before it.
ch_basic() {
	local out
	"$CH_BIN"/amchan find "$CH_CARD" || return 1
	"$CH_BIN"/amchan read "$CH_CARD" 1 20000 >/tmp/ch-read.out &
	sleep 1
	"$CH_BIN"/amchan cmd "$CH_CARD" set 0 0 4 5 || return 1
	wait $! || { cat /tmp/ch-read.out; return 1; }
	out=$(cat /tmp/ch-read.out)
	echo "$out"
	"$CH_BIN"/amchan cmd "$CH_CARD" set 0 0 4 1 >/dev/null || return 1
	# Parameter changed (type 0), parameter 0, nothing missed.
	echo "$out" | grep -q "missed=0 size=48 type=0 param=0$"
}

# Readers (amchan soak KIND, by the binary BIN, for each BIN:KIND given),
# while the kernel sends from process, softirq and hard-irq context. Each
# reader's own count, from the records it got (by read(), or drained from
# the mapped ring), must account for exactly what the sender says it sent
# (received + missed); a reader of kind fast misses nothing.
ch_soak() {
	local sf=$1 count=$2 before after sent r i pid pids= ret=0
	shift 2
	rm -f /tmp/ch-target /tmp/ch-soak-*.out
	i=0
	for r in "$@"; do
		"$CH_BIN/${r%%:*}" soak "$CH_CARD" "${r#*:}" /tmp/ch-target \
			>/tmp/ch-soak-$i.out 2>&1 &
		pids="$pids $!"
		i=$((i + 1))
	done
	i=0
	for pid in $pids; do
		until grep -q ready /tmp/ch-soak-$i.out; do
			kill -0 "$pid" 2>/dev/null || break
			usleep 100000
		done
		i=$((i + 1))
	done
	before=$(ch_accepted "$sf")
	echo "$count" >"$sf" || ret=1
	after=$(ch_accepted "$sf")
	sent=$((after - before))
	cat "$sf"
	echo "$sent" >/tmp/ch-target
	i=0
	for pid in $pids; do
		wait "$pid" || ret=1
		cat /tmp/ch-soak-$i.out
		fig "${1%%:*} $(grep reader= /tmp/ch-soak-$i.out)"
		shift
		i=$((i + 1))
	done
	echo "sent=$sent"
	# The readers that keep up (fast, mapped) miss nothing.
	for r in /tmp/ch-soak-*.out; do
		grep -Eq "reader=(fast|mapped) " "$r" || continue
		grep -q " missed=0 " "$r" ||
			{ echo "a reader that keeps up missed some: $r"; ret=1; }
	done
	# A hard-irq send takes its buffer from the notifier's reserve only
	# (no allocation is valid there under PREEMPT_RT rules), so a few may
	# be refused with -ENOMEM when the reserve runs dry: they were never
	# sent, and the accounting above is over what was.
	[ "$sent" -gt 0 ] || { echo "nothing was sent"; ret=1; }
	echo "refused by the sender: $((3 * count - sent)) of $((3 * count))"
	rm -f /tmp/ch-target /tmp/ch-soak-*.out
	return $ret
}

# A reader whose buffer faults (userfaultfd) does not delay another.
ch_stall() {
	"$CH_BIN"/amchan stall "$CH_CARD" "$1" 300 >/tmp/ch-stall.out 2>&1
	local rc=$?
	cat /tmp/ch-stall.out
	case $rc in
	0) fig "faulting-reader: $(cat /tmp/ch-stall.out | tr '\n' ' ')"
	   return 0 ;;
	77) echo "faulting reader not run: this kernel has no userfaultfd (CONFIG_USERFAULTFD), which every leg's kernel must have"
	    return 1 ;;
	*) echo "amchan stall exited with $rc"
	   return 1 ;;
	esac
}

# Two processes, 10000 commands each, at once.
ch_interleave() {
	local out ret=0
	out=$("$CH_BIN"/amchan interleave "$CH_CARD" 10000) || ret=1
	echo "$out"
	fig "interleave $(echo $out)"
	return $ret
}

# A 32-bit client sees every control and command as the 64-bit one does.
ch_compat32() {
	local dev=/dev/snd/controlC$CH_CARD ret=0
	"$CH_BIN"/ctlraw walk "$dev" >/tmp/ch-64.out || ret=1
	if ! "$CH_BIN"/ctlraw32 walk "$dev" >/tmp/ch-32.out 2>/tmp/ch-32.err; then
		cat /tmp/ch-32.err
		return 1
	fi
	cat /tmp/ch-32.out
	diff /tmp/ch-64.out /tmp/ch-32.out || { echo "32-bit walk differs"; ret=1; }
	"$CH_BIN"/amchan cmd "$CH_CARD" basic 3 0 100 >/tmp/ch-c64.out || ret=1
	"$CH_BIN"/amchan32 cmd "$CH_CARD" basic 3 0 100 >/tmp/ch-c32.out || ret=1
	cat /tmp/ch-c32.out
	diff /tmp/ch-c64.out /tmp/ch-c32.out || { echo "32-bit command differs"; ret=1; }
	fig "compat32: $(wc -l </tmp/ch-32.out) controls read and written alike by ctlraw32 and ctlraw"
	fig "compat32: $(grep "EQ Effect P3" /tmp/ch-32.out)"
	fig "compat32: amchan32 $(cat /tmp/ch-c32.out)"
	return $ret
}

# The kernel's ALSA selftests on our card alone, judged by their own KTAP:
# nothing failed, at least as many passed as on every kernel so far, and
# every skip has a reason selftests.expect allows, no more often than it
# says. A driver that starts refusing what a test asks for turns passes
# into skips, not into failures; this is what catches it.
ch_selftest() {
	local t=$1 ret=0
	(cd "$AUDMOD"/alsa-selftests && ./$t) >/tmp/ch-$t.out 2>&1 || ret=1
	cat /tmp/ch-$t.out
	fig "$t $(grep '^# Totals:' /tmp/ch-$t.out)"
	awk -v t="$t" -v figs=/tmp/ch-figures '
	FNR == NR {
		if ($1 != t)
			next
		if ($2 == "pass")
			want_pass = $3
		else if ($2 == "skip") {
			n = $3; $1 = $2 = $3 = ""; sub(/^ +/, "")
			allow[$0] = n
		}
		listed = 1
		next
	}
	# The reason a skip gives is the message printed just before it.
	/^# .* is not writeable$/ { why = "not writeable"; next }
	/^# .* is inactive$/ { why = "inactive"; next }
	/^# .* couldn.t read default$/ { why = "default unreadable"; next }
	/^not ok [0-9]+/ { failed++; why = ""; next }
	/^ok [0-9]+ .*# SKIP/ { skip[why == "" ? "no test for its type" : why]++; why = ""; next }
	/^ok [0-9]+/ { passed++; why = ""; next }
	END {
		if (!listed) {
			print t ": not in selftests.expect"
			exit 1
		}
		printf "AUDMOD-CHANNEL: %s judged: %d passed (at least %d), %d failed\n", t, passed, want_pass, failed >>figs
		if (failed || passed < want_pass) {
			print t ": " passed " passed (at least " want_pass + 0 "), " failed + 0 " failed"
			bad = 1
		}
		for (r in skip) {
			printf "AUDMOD-CHANNEL: %s skip: %d %s (at most %d)\n", t, skip[r], r, allow[r] >>figs
			if (skip[r] > allow[r] + 0) {
				print t ": " skip[r] " skips for \"" r "\", at most " allow[r] + 0 " expected"
				bad = 1
			}
		}
		exit bad
	}' "$AUDMOD"/selftests.expect /tmp/ch-$t.out || ret=1
	grep "^not ok" /tmp/ch-$t.out | while read -r l; do fig "$t: $l"; done
	return $ret
}

if want channel; then
	rm -f /tmp/ch-figures
	CH_SF=$(ch_sendfile)
	check channel-basic ch_basic
	check channel-command-interleave ch_interleave
	if [ -n "$CH_SF" ]; then
		check channel-soak-two-readers ch_soak "$CH_SF" 2000 \
			amchan:fast amchan:slow
		# Mapped readers, 64- and 32-bit, fast and slow: records drained
		# without a system call, missed counts as exact as read()'s.
		check channel-soak-mapped ch_soak "$CH_SF" 2000 \
			amchan:mapped amchan:mapped-slow amchan32:mapped-slow
		check channel-faulting-reader ch_stall "$CH_SF"
	else
		check channel-test-sender sh -c 'echo "no audio-modules-send in debugfs"; false'
	fi
	# The 32-bit clients are i386 programs on amd64 guests and armhf ones
	# on arm64. Every leg's kernel must run them (CONFIG_IA32_EMULATION,
	# CONFIG_COMPAT): a missing client or a kernel that cannot run it
	# fails the check, it is not skipped.
	check channel-compat32 ch_compat32
	check channel-mixer-test ch_selftest mixer-test
	check channel-pcm-test ch_selftest pcm-test
	cat /tmp/ch-figures 2>/dev/null
	rm -f /tmp/ch-*.out /tmp/ch-*.err /tmp/ch-figures
fi
