#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch --strict on every source file and kernel-doc on every public
# header, with the scripts of the 6.12 source tree; the uAPI header test
# (below). Fails on any warning.
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

# The uAPI header as the kernel's header test (usr/include/Makefile) takes
# it: installed by headers_install.sh, checked by headers_check.pl, then
# compiled alone, twice (the include guard), with the test's C90 flags, and
# as C99 and C11 (-Wpedantic), C++98 and C++17, for 64- and 32-bit x86.
# The include path holds only the linux-libc-dev headers (-nostdinc): a libc
# include fails. Beyond the kernel's own line they are system headers, so
# that -Wpedantic judges ours alone. Every warning fails. A use of the ioctl
# numbers and of a GUID initialiser follows the header, so that the macros
# are compiled too.
need_pkgs gcc g++ linux-libc-dev
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/sys" "$tmp/inc" "$tmp/scripts"
ln -s /usr/include/linux /usr/include/asm-generic "$tmp/sys/"
ln -s "/usr/include/$(gcc -print-multiarch)/asm" "$tmp/sys/asm"
hdr=$tmp/inc/audmod.h
cat >"$tmp/use.h" <<'USE'
extern const unsigned long audmod_hdrtest_ioctls[2];
const unsigned long audmod_hdrtest_ioctls[2] = {
	AUDMOD_IOCTL_COMMAND, AUDMOD_IOCTL_CHANNEL_STATUS
};
extern const struct audmod_guid audmod_hdrtest_class;
const struct audmod_guid audmod_hdrtest_class = AUDMOD_CLASS_EQ;
USE
# uapi_cc COMMAND...: run one compile; any output or failure fails lint.
# LINT_VERBOSE=1 prints every command.
urc=0 un=0
uapi_cc() {
	local out
	[ -z "${LINT_VERBOSE:-}" ] || echo "+ $*"
	if ! out=$("$@" 2>&1) || [ -n "$out" ]; then
		[ -n "${LINT_VERBOSE:-}" ] || echo "+ $*"
		[ -z "$out" ] || echo "$out"
		urc=1
	fi
	un=$((un + 1))
}
if gcc -O2 -w -o "$tmp/scripts/unifdef" "$src/scripts/unifdef.c" &&
   (cd "$tmp" && "$src/scripts/headers_install.sh" \
	"$here/include/uapi/audmod.h" "$hdr") &&
   perl "$src/usr/include/headers_check.pl" "$tmp/sys" x86 "$hdr"; then
	for m in -m64 -m32; do
		kinc=(-nostdinc -I "$tmp/inc" -I "$tmp/sys" "$m" -fsyntax-only)
		inc=(-nostdinc -I "$tmp/inc" -isystem "$tmp/sys" "$m" -fsyntax-only)
		twice=(-include "$hdr" -include "$hdr")
		use=("${twice[@]}" -include "$tmp/use.h")
		uapi_cc gcc -std=c90 -Wall -Werror=implicit-function-declaration \
			-Werror "${kinc[@]}" -x c /dev/null "${twice[@]}"
		uapi_cc gcc -std=c90 -Wall -Wextra -Werror "${inc[@]}" \
			-x c /dev/null "${use[@]}"
		for std in c99 c11; do
			uapi_cc gcc -std=$std -Wall -Wextra -Wpedantic -Werror \
				"${inc[@]}" -x c /dev/null "${use[@]}"
		done
		for std in c++98 c++17; do
			uapi_cc g++ -std=$std -Wall -Wextra -Werror "${inc[@]}" \
				-x c++ /dev/null "${use[@]}"
		done
	done
	# The layouts (driver/uapi_layout.h) in userspace: x86-64, i386 and,
	# with clang, armhf (its uAPI asm headers are the generic ones).
	printf '%s\n' '#define offsetof(t, m) __builtin_offsetof(t, m)' \
		'#ifndef __cplusplus' '#define static_assert _Static_assert' \
		'#endif' >"$tmp/layout-pre.h"
	mkdir -p "$tmp/gen"
	ln -s /usr/include/linux /usr/include/asm-generic "$tmp/gen/"
	ln -s /usr/include/asm-generic "$tmp/gen/asm"
	layout=(-fsyntax-only -nostdinc -I "$tmp/inc" -I "$here/driver"
		-include "$tmp/layout-pre.h" -include "$hdr")
	targets=("gcc -m64|$tmp/sys" "gcc -m32|$tmp/sys")
	! command -v clang >/dev/null ||
		targets+=("clang --target=arm-linux-gnueabihf|$tmp/gen")
	for t in "${targets[@]}"; do
		read -ra cc <<<"${t%|*}"
		uapi_cc "${cc[@]}" -std=c11 -Wall -Wextra -Werror \
			-isystem "${t#*|}" "${layout[@]}" -x c "$here/driver/uapi_layout.h"
		cc[0]=${cc[0]/gcc/g++}; cc[0]=${cc[0]/clang/clang++}
		uapi_cc "${cc[@]}" -std=c++17 -Wall -Wextra -Werror \
			-isystem "${t#*|}" "${layout[@]}" -x c++ "$here/driver/uapi_layout.h"
	done
	if [ $urc = 0 ]; then
		echo "lint: uAPI header: installed, checked, $un compiles clean (layouts: ${#targets[@]} ABIs)"
	else
		rc=1
	fi
else
	echo "lint: uAPI header: headers_install.sh or headers_check.pl failed"
	rc=1
fi
exit $rc
