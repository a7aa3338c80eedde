#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch --strict on every source file and kernel-doc on every public
# header, with the scripts of the 6.12 source tree. Fails on any warning.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
need_pkgs perl
src=$(kernel_src)
cd "$here"
rc=0 n=0
for f in $(git ls-files -co --exclude-standard -- 'driver/*.[ch]' 'include/*.h' 'kunit/*.[ch]' | sort); do
	n=$((n + 1))
	out=$("$src/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
		--ignore FILE_PATH_CHANGES -f "$f" 2>&1) || true
	# --terse prints nothing for a clean file.
	[ -z "$out" ] || { echo "$out"; rc=1; }
	case $f in include/*)
		out=$("$src/scripts/kernel-doc" -none -Wall "$f" 2>&1) || true
		[ -z "$out" ] || { echo "$out"; rc=1; } ;;
	esac
done
[ $rc = 0 ] && echo "lint: $n files clean (checkpatch --strict, kernel-doc)"
exit $rc
