#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the kernel's own ALSA selftests (mixer-test, pcm-test) from the 6.12
# source against libasound2-dev, for the guest.
#   alsa-selftests.sh OUTDIR
# OUTDIR gets mixer-test, pcm-test, libatest.so (found through rpath ./:
# run them from OUTDIR), conf.d/ and pcm-test.conf.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

out=$1
need_pkgs libasound2-dev make gcc
src=$(kernel_src)/tools/testing/selftests/alsa
mkdir -p "$out"
# CC on the command line: the selftests' lib.mk sets CC itself (from
# CROSS_COMPILE), so a cross compiler in the environment would be ignored.
make -s -C "$src" OUTPUT="$out" ${CC:+CC="$CC"} "$out/mixer-test" "$out/pcm-test" >&2 ||
	die "building the ALSA selftests failed"
cp -r "$src/conf.d" "$src/pcm-test.conf" "$out/"
