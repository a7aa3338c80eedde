# SPDX-License-Identifier: GPL-2.0
# The demo payload (busybox sh in the stock-kernel guest): load the driver,
# show the card and its controls, then run the demo-*.sh fragments
# (streaming, notifications). Output is printed by the host.

show() {
	echo
	echo "\$ $*"
	"$@" 2>&1
}

# Long lines (the BYTES controls' 512-value dumps) are cut for reading.
short() {
	awk '{ if (length($0) > 150) print substr($0, 1, 150) " ..."; else print }'
}

check demo-insmod modprobe snd-soc-audmod
show cat /proc/asound/cards
show cat /proc/asound/pcm
show amixer -c audmod info
show amixer -c audmod controls
show amixer -c audmod contents | short
for f in "$AUDMOD"/demo-*.sh; do
	[ -e "$f" ] && . "$f"
done
check demo-rmmod modprobe -r snd-soc-audmod
