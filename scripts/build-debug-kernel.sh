#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) the 6.12 debug kernel used for KUnit and debug end-to-end
# runs. The result lives in the cache, keyed on the Debian source package
# version, kunit/kunitconfig and RECIPE below; it is rebuilt only when one of
# them changes. Prints the build directory on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

# Bump when the build command below changes in a way that changes the kernel.
RECIPE="kunit.py build --arch=x86_64, v1"

need_pkgs flex bison bc libelf-dev libssl-dev python3 perl make gcc cpio kmod
src=$(kernel_src)
key=$({ echo "$(kernel_src_version) $RECIPE"; cat "$here/kunit/kunitconfig"; } |
	sha256sum | cut -c1-16)
out="$CACHE/kernel-debug-$key"

# One build at a time: a second caller waits for the first one's result.
exec 9>"$CACHE/kernel-debug.lock"
flock 9
if [ -f "$out/.done" ]; then
	echo "$out"
	exit 0
fi

log "building the debug kernel in $out (about 8 minutes on 2 cores)"
rm -rf "$out" && mkdir -p "$out"
(cd "$src" && python3 tools/testing/kunit/kunit.py build --arch=x86_64 \
	--kunitconfig="$here/kunit/kunitconfig" --build_dir="$out" \
	--jobs="$(nproc)") >"$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	die "debug kernel build failed (log: $out/build.log)"
}
touch "$out/.done"
echo "$out"
