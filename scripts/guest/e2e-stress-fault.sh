# SPDX-License-Identifier: GPL-2.0
# Fault injection sweep, sourced by e2e.sh with the module
# loaded; debug kernels only. Each operation runs again and again with its
# Nth allocation failing (the task's fail-nth, failslab and fail_page_alloc
# with sleeping allocations included), N = 1, 2, ... until it completes
# without reaching an Nth site. Every run must fail with an errno or succeed
# (the kernel may absorb a failure), leave control values unchanged when it
# fails (stress_failnth checks), and leave the driver usable: the next run
# is the next test of that. Operations: loading snd-soc-audmod (board,
# codec, PCM, card, controls, modules, notifier), playback and capture
# (open, hw_params, prepare, start, drain), control writes (a notify-on-
# change parameter: its notification buffer comes from PagedPool; the level
# meter switch; a SET through the BYTES command control).
# The level meter's sends run in the PCM's hrtimer softirq, which fail-nth
# (a per-task count) cannot reach; the notifier's fault attribute and a KUnit
# static stub cover that path in the KUnit suite (kunit/notify_test.c).
# AUDMOD_STRESS=fast tries 25 sites of module load and every site of the
# others; long tries every site (but those sf_load() explains). Prints
# AUDMOD-STRESS figures.

case $E2E_KERNEL in debug | next) ;; *) return 0 ;; esac

SF_TOOL=$AUDMOD/bin/stress_failnth
SF_DBG=/sys/kernel/debug
SF_MAX=20000
SF_SITES=0
SF_ERRORS=0
SF_ABSORBED=0

sf_card() {
	awk '/\[audmod *\]/ {print $1; exit}' /proc/asound/cards
}

# Only fail-nth injects: probability stays 0; no stack dump per failure;
# sleeping (GFP_KERNEL) and highmem allocations are eligible.
sf_setup() {
	local a
	for a in failslab fail_page_alloc; do
		[ -d $SF_DBG/$a ] || { echo "no $SF_DBG/$a"; return 1; }
		echo 0 >$SF_DBG/$a/probability &&
			echo 0 >$SF_DBG/$a/verbose &&
			echo N >$SF_DBG/$a/ignore-gfp-wait || return 1
	done
	echo N >$SF_DBG/fail_page_alloc/ignore-gfp-highmem
}

# While an operation runs armed, messages below KERN_ERR stay off the console
# and are printed afterwards, all but one kind: the allocation-failure
# warning of vmalloc (warn_alloc(): "vmalloc error: ..." and a stack dump),
# which a failure injected inside vmalloc() (a kvmalloc() fallback of the
# driver, for one) prints by design. It would read as a report on the
# console. Every other line comes through, reports included (KERN_ERR and
# above, KASAN and oopses among them, reach the console directly).
SF_HIDDEN=0
sf_quiet_begin() {
	# The notifier's own fault attribute: quiet like failslab, its forced
	# failures are not reports. Here, not once: each load of audmod-core
	# (sf_load reloads it) makes the attribute anew, verbose again.
	[ ! -d $SF_DBG/fail_audmod_notifier ] ||
		echo 0 >$SF_DBG/fail_audmod_notifier/verbose
	SF_PRINTK=$(cut -f1 /proc/sys/kernel/printk)
	dmesg -c >/dev/null
	echo 4 >/proc/sys/kernel/printk
}
sf_quiet_end() {
	local n
	echo "$SF_PRINTK" >/proc/sys/kernel/printk
	: >/tmp/sf.kmsg
	n=$(dmesg -c -r | awk -v tool="${SF_TOOL##*/}" '
		/^<[0-9]+>/ {
			level = substr($0, 2, index($0, ">") - 2) % 8
			sub(/^<[0-9]+>/, "")
		}
		$0 ~ tool ": vmalloc error: " { skip = 1; hidden++ }
		!skip { print >"/tmp/sf.kmsg" }
		!skip && level >= 4 { print >"/dev/console" }
		skip && /<\/TASK>/ { skip = 0 }
		END { print hidden + 0 }')
	SF_HIDDEN=$((SF_HIDDEN + n))
}

# sf_sweep NAME FIRST STRIDE LIMIT AFTER OP ARGS...: run "stress_failnth N
# OP ARGS" for N = FIRST, FIRST + STRIDE, ... (STRIDE may be negative), at
# most LIMIT runs (0: no limit), until an N past every site or, if $SF_STOP
# is set, a run whose kernel log matches it; AFTER (a function) runs after
# each run, the tool's output in $SF_OUT. Counts the sites where the
# injection fired in SF_FIRED.
sf_sweep() {
	local name=$1 first=$2 n=$2 stride=$3 limit=$4 after=$5 rc runs=0 err=0 abs=0
	shift 5
	SF_FIRED=0
	while [ $n -ge 1 ] && [ $n -le $SF_MAX ]; do
		sf_quiet_begin
		SF_OUT=$("$SF_TOOL" $n "$@" 2>&1)
		rc=$?
		sf_quiet_end
		echo "audmod-fault: $name $(echo "$SF_OUT" | head -1)" >/dev/kmsg
		[ $rc = 0 ] || { echo "$SF_OUT"; return 1; }
		$after || { echo "$SF_OUT"; echo "driver unusable after $name N=$n"; return 1; }
		case $SF_OUT in
		*"fired=0 ret=0"*)
			# Going down, the count may have shrunk since it was
			# taken (caches and directories made once): go on.
			[ $stride -lt 0 ] || break
			n=$((n + stride))
			continue ;;
		*"fired=1 ret=0"*) abs=$((abs + 1)) ;;
		*"fired=1"*) err=$((err + 1)) ;;
		esac
		SF_FIRED=$((SF_FIRED + 1))
		runs=$((runs + 1))
		[ -n "$SF_STOP" ] && grep -Eq "$SF_STOP" /tmp/sf.kmsg && break
		[ $limit = 0 ] || [ $runs -lt $limit ] || break
		n=$((n + stride))
	done
	[ $n -le $SF_MAX ] || { echo "$name: over $SF_MAX sites"; return 1; }
	echo "audmod-fault: $name: $SF_FIRED sites tried, $first to $n by $stride: $err failed with an errno, $abs absorbed" |
		tee /dev/kmsg
	SF_SITES=$((SF_SITES + SF_FIRED))
	SF_ERRORS=$((SF_ERRORS + err))
	SF_ABSORBED=$((SF_ABSORBED + abs))
	eval "SF_SITES_$name=\$((\${SF_SITES_$name:-0} + SF_FIRED))"
}

# After a load: loaded means a working card, which is unloaded again; not
# loaded means nothing of it is left.
sf_after_load() {
	if grep -q '^snd_soc_audmod ' /proc/modules; then
		[ -n "$(sf_card)" ] &&
			amixer -c audmod cget name="Generic Module P1" >/dev/null &&
			rmmod snd_soc_audmod
	else
		[ -z "$(sf_card)" ] && [ ! -d /sys/bus/platform/drivers/audmod-board ]
	fi
}

sf_after_nothing() {
	:
}

# The sites of the init_module() syscall before module parameters are
# parsed are the module loader's own (ELF checks, module memory): a load
# with an invalid parameter value passes exactly those and fails. The sweep
# covers the rest of the loader (sysfs) and all of snd-soc-audmod's init:
# drivers, board devices, codec and PCM components, card, audio modules,
# notifier, controls, PCM, card registration.
# Except: in the 6.12 ALSA core, a failure in registering the capture PCM
# device after the playback one was registered (or in naming the capture
# device, whose error snd_pcm_new_stream() ignores) leaves the playback
# device registered (snd_pcm_dev_register() does not undo it), so the card
# is never released and snd_card_free() waits forever: the load hangs. So
# the sweep goes up from the first site until a failure lands in creating
# the PCM or registering the card ("can't create pcm", "failed to register
# soundcard"), then down from the last site until one lands in registering
# the card, and leaves the sites between (the PCM's creation and
# registration, ALSA core code) untried.
# $1 $2: stride and run limit going up; $3: run limit going down (0: none).
SF_LOAD_WINDOW="can't create pcm|failed to register soundcard"
sf_load() {
	local ko first total
	ko=/lib/modules/$(uname -r)/extra/snd-soc-audmod.ko
	modprobe -r snd-soc-audmod && modprobe audmod-core || return 1
	first=$("$SF_TOOL" count load "$ko" index=x) || return 1
	# The first load after boot makes caches and directories once: count
	# the second.
	"$SF_TOOL" count load "$ko" && rmmod snd_soc_audmod || return 1
	total=$("$SF_TOOL" count load "$ko") || return 1
	echo "loader sites before parameters: $first; whole load: $total"
	first=${first#sites=}
	first=$((${first%% *} + 1))
	total=${total#sites=}
	total=${total%% *}
	rmmod snd_soc_audmod || return 1
	SF_STOP=$SF_LOAD_WINDOW
	sf_sweep load $first "$1" "$2" sf_after_load load "$ko" &&
		sf_sweep load $total -1 "$3" sf_after_load load "$ko" || return 1
	SF_STOP=
	modprobe snd-soc-audmod
}

sf_ctl() {
	local dev=/dev/snd/controlC$(sf_card)
	sf_sweep ctl_p1 1 1 0 sf_after_nothing ctl "$dev" "Generic Module P1" &&
		sf_sweep ctl_switch 1 1 0 sf_after_nothing ctl "$dev" "Level Meter Switch" &&
		sf_sweep ctl_cmd 1 1 0 sf_after_nothing cmd "$dev"
}

sf_pcm() {
	local c
	c=$(sf_card)
	sf_sweep play 1 1 0 sf_after_nothing play /dev/snd/pcmC${c}D0p &&
		sf_sweep rec 1 1 0 sf_after_nothing rec /dev/snd/pcmC${c}D0c
}

# Afterwards: a stream and a control write work, and kmemleak (objects
# older than 5 s, scanned twice) finds nothing.
sf_usable() {
	"$AUDMOD"/bin/wavgen /tmp/sf.wav 48000 2 16 0.1 1000 -12 &&
		aplay -q -D hw:CARD=audmod,DEV=0 /tmp/sf.wav &&
		amixer -c audmod cset name="Generic Module P1" 5 >/dev/null &&
		[ "$(amixer -c audmod cget name="Generic Module P1" |
			sed -n 's/^ *: values=//p')" = 2 ]
}

sf_kmemleak() {
	local f=$SF_DBG/kmemleak
	[ -e $f ] || { echo "no kmemleak"; return 1; }
	sleep 6
	echo scan >$f
	echo scan >$f
	[ -z "$(cat $f)" ] || { cat $f; echo clear >$f; return 1; }
}

if want stress-fault; then
	SF_T0=$(cut -d. -f1 /proc/uptime)
	# The fast variant tries every 10th site of module load going up, at
	# most 20, and 5 going down.
	[ "$AUDMOD_STRESS" = long ] && SF_LOAD="1 0 0" || SF_LOAD="10 20 5"
	check stress-fault-setup sf_setup
	check stress-fault-load sf_load $SF_LOAD
	check stress-fault-ctl sf_ctl
	check stress-fault-pcm sf_pcm
	check stress-fault-usable sf_usable
	check stress-fault-kmemleak sf_kmemleak
	rm -f /tmp/sf.wav /tmp/sf.kmsg
	echo "AUDMOD-STRESS: fault_sites=$SF_SITES"
	echo "AUDMOD-STRESS: fault_sites_load=${SF_SITES_load:-0}"
	echo "AUDMOD-STRESS: fault_sites_stream=$((${SF_SITES_play:-0} + ${SF_SITES_rec:-0}))"
	echo "AUDMOD-STRESS: fault_sites_control=$((${SF_SITES_ctl_p1:-0} + ${SF_SITES_ctl_switch:-0} + ${SF_SITES_ctl_cmd:-0}))"
	echo "AUDMOD-STRESS: fault_errno=$SF_ERRORS"
	echo "AUDMOD-STRESS: fault_absorbed=$SF_ABSORBED"
	echo "AUDMOD-STRESS: fault_vmalloc_warnings=$SF_HIDDEN"
	echo "AUDMOD-STRESS: fault_seconds=$(($(cut -d. -f1 /proc/uptime) - SF_T0))"
fi
