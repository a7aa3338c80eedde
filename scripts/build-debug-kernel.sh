#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) a debug kernel for the KUnit and debug end-to-end runs.
# The result lives in the cache, keyed on the Debian source package and its
# version, the variant, kunit/kunitconfig and RECIPE below; it is rebuilt
# only when one of them changes. Prints the build directory on stdout.
#   build-debug-kernel.sh [VARIANT]
# VARIANT: debug (default; 6.12, CONFIG_PREEMPT), rt (CONFIG_PREEMPT_RT,
# which turns spinlock_t into a sleeping lock: the context bugs it finds
# are invisible on the other variant), kcsan (the data-race detector, which
# excludes KASAN: the debug kernel with KCSAN in KASAN's place) or next (the
# debug kernel's configuration on the newest kernel Debian unstable ships,
# NEXT_KERNEL_PKG in lib.sh, built with the host's gcc: what a user of a
# current kernel runs our driver on).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"

variant=${1:-debug}
# Bump when the build command below changes in a way that changes the kernel.
RECIPE="kunit.py build --arch=x86_64, v2"

# kunitconfig_for VARIANT: the kunitconfig of that variant, on stdout.
kunitconfig_for() {
	case $1 in
	debug | next) cat "$here/kunit/kunitconfig" ;;
	rt)
		grep -v '^CONFIG_PREEMPT=y$' "$here/kunit/kunitconfig"
		printf 'CONFIG_EXPERT=y\nCONFIG_PREEMPT_RT=y\n'
		;;
	kcsan)
		grep -v '^CONFIG_KASAN' "$here/kunit/kunitconfig"
		printf 'CONFIG_KCSAN=y\n'
		;;
	*) die "unknown debug kernel variant '$1' (debug, rt, kcsan or next)" ;;
	esac
}

need_pkgs flex bison bc libelf-dev libssl-dev python3 perl make gcc cpio kmod
config=$(kunitconfig_for "$variant")
if [ "$variant" = next ]; then
	ver=$(sid_candidate "$NEXT_KERNEL_PKG")
	[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
		die "$NEXT_KERNEL_PKG is not in Debian unstable"
	src=$(next_src "$ver")
	ver="$NEXT_KERNEL_PKG $ver"
else
	src=$(kernel_src)
	ver=$(kernel_src_version)
fi
key=$({ echo "$ver $RECIPE $variant"; echo "$config"; } |
	sha256sum | cut -c1-16)
name=kernel-debug
[ "$variant" = debug ] || name=kernel-$variant
# Not kernel-next-*: that is next-kernel.sh's compile tree.
[ "$variant" != next ] || name=kernel-debug-next
out="$CACHE/$name-$key"

# A finished build needs no lock (another variant may be building).
if [ -f "$out/.done" ]; then
	echo "$out"
	exit 0
fi
# One build at a time: a second caller waits for the first one's result.
# The next kernel has a lock of its own: it shares no source or output with
# the 6.12 variants, and make check-next may run beside make check.
lock=kernel-debug
[ "$variant" != next ] || lock=kernel-debug-next
exec 9>"$CACHE/$lock.lock"
flock 9
if [ -f "$out/.done" ]; then
	echo "$out"
	exit 0
fi

log "building the $variant kernel from $ver in $out (about 8 minutes on 2 cores)"
rm -rf "$out" && mkdir -p "$out"
echo "$config" >"$out/kunitconfig.in"
(cd "$src" && python3 tools/testing/kunit/kunit.py build --arch=x86_64 \
	--kunitconfig="$out/kunitconfig.in" --build_dir="$out" \
	--jobs="$(nproc)") >"$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	die "$variant kernel build failed (log: $out/build.log)"
}
touch "$out/.done"
echo "$out"
