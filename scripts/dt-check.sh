#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Check the DT bindings of the codec and the PCM component, and the test
# boards' device trees against them (scripts/dt_check.py says how).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
need_pkgs device-tree-compiler python3 python3-yaml
python3 "$here/scripts/dt_check.py" \
	"$here/driver/Documentation/devicetree/bindings/sound" \
	"$here"/scripts/dts/*.dtsi
