#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Print the default KDIR: the running kernel's build directory if present,
# else the headers of the installed Debian linux-headers-amd64 (if any).
d=/lib/modules/$(uname -r)/build
if [ -d "$d" ]; then
	echo "$d"
	exit 0
fi
abi=$(dpkg-query -W -f '${Depends}' linux-headers-amd64 2>/dev/null |
	grep -o 'linux-headers-[^ ,]*-amd64' | head -n 1)
[ -n "$abi" ] && [ -d "/usr/src/$abi" ] && echo "/usr/src/$abi"
exit 0
