# SPDX-License-Identifier: GPL-2.0
# The demo payload (busybox sh in the stock-kernel guest): load the driver,
# show the card and its controls, then run the demo-*.sh fragments
# (streaming, notifications). Output is printed by the host.

show() {
	echo
	echo "\$ $*"
	"$@" 2>&1
}

check demo-insmod modprobe snd-soc-audmod
show cat /proc/asound/cards
show cat /proc/asound/pcm
show amixer -c audmod info
show amixer -c audmod controls
show amixer -c audmod contents
for f in "$AUDMOD"/demo-*.sh; do
	[ -e "$f" ] && . "$f"
done
check demo-rmmod modprobe -r snd-soc-audmod
