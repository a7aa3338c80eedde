#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: the main job. Build the module against the stock Debian
# headers, boot the matching stock kernel in QEMU, load the module and show
# what it gives a user (scripts/guest/demo.sh runs in the guest). The guest's
# output comes first, then the verdict in KTAP and its sum.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
E2E_SHOW=1 "$here/scripts/e2e.sh" "$here/scripts/guest/demo.sh" | tee "$out"
rc=${PIPESTATUS[0]}
python3 "$here/scripts/ktap.py" sum "$out" && [ "$rc" = 0 ]
