#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side test of wavcheck's continuity check: a clean capture passes; the
# same capture with one period (1024 frames) cut out, or played twice, fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -Wall -Werror -o "$tmp/wavgen" "$here/guest/tools/wavgen.c" -lm
cc -O2 -Wall -Werror -o "$tmp/wavcheck" "$here/guest/tools/wavcheck.c" -lm

# edit IN OUT drop|repeat: one 1024-frame period at the middle of the data.
edit() {
	python3 - "$@" <<'PY'
import struct, sys
src, dst, how = sys.argv[1:]
b = open(src, 'rb').read()
i = b.index(b'data')
size = struct.unpack('<I', b[i + 4:i + 8])[0]
body = b[i + 8:i + 8 + size]
ch, bits = struct.unpack('<H', b[22:24])[0], struct.unpack('<H', b[34:36])[0]
period = 1024 * ch * bits // 8
mid = (len(body) // 2) // period * period
if how == 'drop':
    body = body[:mid] + body[mid + period:]
else:
    body = body[:mid + period] + body[mid:]
hdr = bytearray(b[:i + 8])
hdr[4:8] = struct.pack('<I', len(hdr) - 8 + len(body))
hdr[i + 4:i + 8] = struct.pack('<I', len(body))
open(dst, 'wb').write(bytes(hdr) + body)
PY
}

fail=0
expect() {
	local want=$1 name=$2 rc=0
	shift 2
	"$tmp/wavcheck" "$@" >"$tmp/out" || rc=$?
	if [ "$rc" = "$want" ]; then
		echo "ok: $name (exit $rc)"
	else
		echo "FAIL: $name: exit $rc, want $want"
		cat "$tmp/out"
		fail=1
	fi
}

for fmt in "48000 2 16 997 -6" "44100 1 32 440 -3"; do
	set -- $fmt
	"$tmp/wavgen" "$tmp/clean.wav" "$1" "$2" "$3" 2 "$4" "$5"
	edit "$tmp/clean.wav" "$tmp/drop.wav" drop
	edit "$tmp/clean.wav" "$tmp/repeat.wav" repeat
	opts=(--rate "$1" --channels "$2" --bits "$3" --freq "$4" --dbfs "$5")
	expect 0 "$1/$2/$3 clean" "$tmp/clean.wav" "${opts[@]}"
	expect 1 "$1/$2/$3 period dropped" "$tmp/drop.wav" "${opts[@]}"
	expect 1 "$1/$2/$3 period repeated" "$tmp/repeat.wav" "${opts[@]}"
	grep -q discontinuity "$tmp/out" || { echo "FAIL: no discontinuity reported"; fail=1; }
done
exit $fail
