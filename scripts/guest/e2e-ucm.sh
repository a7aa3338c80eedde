# SPDX-License-Identifier: GPL-2.0
# The card's UCM2 profile (scripts/ucm2/audmod), sourced by e2e.sh with the
# module loaded: alsa-lib finds it by the card's driver name, and alsaucm
# lists its verb and devices and resolves their PCMs to our card.

ucm_profile() {
	local ret=0 pcm
	alsaucm -c hw:audmod list _verbs >/tmp/ucm.out 2>&1 || ret=1
	cat /tmp/ucm.out
	grep -q '0: HiFi' /tmp/ucm.out || { echo "no HiFi verb"; ret=1; }
	alsaucm -c hw:audmod list _devices/HiFi >/tmp/ucm.out 2>&1 || ret=1
	cat /tmp/ucm.out
	grep -q 'Speaker' /tmp/ucm.out && grep -q 'Mic' /tmp/ucm.out ||
		{ echo "the HiFi verb lacks Speaker or Mic"; ret=1; }
	for pcm in PlaybackPCM/Speaker CapturePCM/Mic; do
		printf 'open hw:audmod\nset _verb HiFi\nget %s\n' "$pcm" |
			alsaucm -b - >/tmp/ucm.out 2>&1 || ret=1
		cat /tmp/ucm.out
		# Opened as hw:audmod, alsa-lib names the card _ucmNNNN.hw:audmod.
		grep -Eq "$pcm=(_ucm[0-9]+\.)?hw:audmod,0\$" /tmp/ucm.out ||
			{ echo "$pcm is not hw:audmod,0"; ret=1; }
	done
	rm -f /tmp/ucm.out
	return $ret
}

want ucm && check ucm-profile ucm_profile
