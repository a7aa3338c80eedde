# SPDX-License-Identifier: GPL-2.0
# Run before the e2e payload when a device tree describes the card
# (E2E_BOARD simple-card or graph-card): bind the board's generic card
# driver to our codec and PCM component, then remove our module again, so
# that the payload's first load (load-insmod) goes into a card driver that
# stays bound, the way a user reloads the driver on a DT board.

# The payload removes our module with "modprobe -r". kmod's modprobe then
# also removes the dependencies nothing uses any more and leaves the rest
# alone; busybox's fails when one is still in use, and here the card
# driver keeps snd-soc-core. Do what kmod does: the named module must go,
# its unused dependencies follow.
modprobe() {
	local m d
	[ "$1" = -r ] || { command modprobe "$@"; return; }
	shift
	for m in "$@"; do
		rmmod "$(echo "$m" | tr - _)" || return 1
		for d in $(sed -n "s|^[^:]*/$m\.ko[^:]*: ||p" \
			"/lib/modules/$(uname -r)/modules.dep"); do
			d=${d##*/}
			rmmod "$(echo "${d%%.ko*}" | tr - _)" 2>/dev/null
		done
	done
	return 0
}

# board_dt_card: true if the card is registered.
board_dt_card() {
	grep -q '\[audmod *\]' /proc/asound/cards
}

board_dt_bind() {
	modprobe snd-soc-audmod || return 1
	# Our components exist: the card driver binds while it loads.
	modprobe "$E2E_CARD_MODULE" || return 1
	cat /proc/asound/cards
	board_dt_card || { echo "no card after loading $E2E_CARD_MODULE"; return 1; }
	modprobe -r snd-soc-audmod || return 1
	! board_dt_card || { echo "card still registered without our module"; return 1; }
}

check board-dt-bind board_dt_bind
