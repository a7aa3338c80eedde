# SPDX-License-Identifier: GPL-2.0
# Demo fragment, sourced by demo.sh with the card loaded: change a
# notify-on-change parameter of an audio module and show the control events
# it caused and the notification it delivered.

echo
echo "=== Audio modules: a parameter change and the notification it causes"
show amixer -c audmod cget name='Generic Module P1'
alsactl monitor hw:audmod >/tmp/demo-monitor.log 2>&1 &
demo_mon=$!
sleep 1
show amixer -c audmod cset name='Generic Module P1' 5
sleep 1
kill "$demo_mon" 2>/dev/null
wait "$demo_mon" 2>/dev/null
echo
echo "\$ alsactl monitor hw:audmod   (while the cset ran)"
cat /tmp/demo-monitor.log
echo
echo "The latest notification, read from the 'Audio Module Notification' control"
echo "and decoded with the layouts of include/uapi/audmod.h:"
show "$AUDMOD"/bin/notifshow /dev/snd/controlC0
rm -f /tmp/demo-monitor.log
