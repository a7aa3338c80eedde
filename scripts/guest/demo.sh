# SPDX-License-Identifier: GPL-2.0
# The demo payload (busybox sh in the stock-kernel guest): load the driver,
# show the card and its controls, then run the demo-*.sh fragments
# (audmodctl, notifications, streaming). Output is printed by the host.
# What it shows is also judged: each step is a check.

show() {
	echo
	echo "\$ $*"
	"$@" 2>&1
}

# amixer contents, one line a control: its name, type, count and first
# values (the BYTES controls hold 512 values, an enumeration 256 items).
summary() {
	awk '
	/^numid=/ { if (name != "") out(); name = $0; sub(/.*name=/, "", name)
		type = ""; vals = ""; items = "" }
	/; type=/ { type = $0; sub(/.*type=/, "", type); sub(/,.*/, "", type)
		n = $0; sub(/.*values=/, "", n); sub(/,.*/, "", n); count = n
		if ($0 ~ /items=/) { items = $0; sub(/.*items=/, "", items) } }
	/^  : values=/ { vals = $0; sub(/.*values=/, "", vals)
		if (length(vals) > 40) vals = substr(vals, 1, 40) "..." }
	function out() {
		printf "%-46s %-10s x%-3s %s%s\n", name, type, count, vals,
			items != "" ? " (" items " items)" : ""
	}
	END { if (name != "") out() }'
}

check demo-insmod modprobe snd-soc-audmod
show cat /proc/asound/cards
show cat /proc/asound/pcm
show amixer -c audmod info
echo
echo "\$ amixer -c audmod contents   (one line a control: name, type, count, values)"
amixer -c audmod contents | summary
for f in "$AUDMOD"/demo-*.sh; do
	[ -e "$f" ] && . "$f"
done
check demo-rmmod modprobe -r snd-soc-audmod
