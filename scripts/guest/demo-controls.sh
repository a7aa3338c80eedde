# SPDX-License-Identifier: GPL-2.0
# Demo fragment, sourced by demo.sh with the card loaded: the audio modules
# as audmodctl shows them, a parameter change, the notification it causes
# as audmodctl monitor prints it, and the same notification read from the
# 'Audio Module Notification' control.

# demo_reading PID: true once PID has the channel open for its reads (a
# non-blocking hwdep file; commands use a blocking one).
demo_reading() {
	local fd flags
	for fd in /proc/$1/fd/*; do
		case $(readlink "$fd") in /dev/snd/hwC*) ;; *) continue ;; esac
		flags=$(awk '/^flags:/ { print $2 }' /proc/$1/fdinfo/${fd##*/})
		[ $((0$flags & 04000)) -ne 0 ] && return 0
	done
	return 1
}

demo_set_and_monitor() {
	local mon ret=0
	"$AUDMOD"/bin/audmodctl monitor --count 1 --timeout 10 >/tmp/demo-monitor.log 2>&1 &
	mon=$!
	# Its read position starts at its open: set the parameter after that.
	until demo_reading $mon; do
		kill -0 $mon 2>/dev/null || break
		usleep 10000
	done
	echo "\$ audmodctl set \"Generic Module\" P1 5"
	"$AUDMOD"/bin/audmodctl set "Generic Module" P1 5 || ret=1
	wait $mon || ret=1
	echo "\$ audmodctl monitor --count 1   (running while the set ran)"
	cat /tmp/demo-monitor.log
	grep -q 'Generic' /tmp/demo-monitor.log || ret=1
	rm -f /tmp/demo-monitor.log
	return $ret
}

echo
echo "=== Audio modules"
show "$AUDMOD"/bin/audmodctl list
show "$AUDMOD"/bin/audmodctl get "Generic Module" P1
echo
check demo-set-and-monitor demo_set_and_monitor
sed 's/^/  /' /tmp/check.out
show "$AUDMOD"/bin/audmodctl get "Generic Module" P1
echo
echo "The latest notification, read from the 'Audio Module Notification' control"
echo "and decoded with the layouts of include/uapi/audmod.h:"
show "$AUDMOD"/bin/notifshow /dev/snd/controlC0
