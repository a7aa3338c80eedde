#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: the main job. Build the module against the stock Debian
# headers, boot the matching stock kernel in QEMU, load the module and show
# what it gives a user (scripts/guest/demo.sh runs in the guest).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
E2E_SHOW=1 exec "$here/scripts/e2e.sh" "$here/scripts/guest/demo.sh"
