# SPDX-License-Identifier: GPL-2.0
# Run before the e2e payload when a device tree describes the card
# (E2E_BOARD simple-card or graph-card): bind the board's generic card
# driver to our codec and PCM component, then remove our module again, so
# that the payload's first load (load-insmod) goes into a card driver that
# stays bound, the way a user reloads the driver on a DT board.

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
