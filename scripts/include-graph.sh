#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make include-graph: print which of the project's own headers every source
# includes, then the same graph between units (a unit is a driver/ source
# and its header of the same name, or a public header), and the units that
# reach each other through includes (cycles). Reads only the sources:
# `#include "x.h"` is looked up next to the file, then in driver/;
# `#include <audmod/x.h>` and `#include <uapi/x.h>` in include/.
# System headers (<linux/...>, <sound/...>) are left out.
# Exits 0 whatever it finds: it reports, it does not judge.
set -euo pipefail
cd "$(dirname "$0")/.."

# edges: "FILE HEADER" for every project include, both as repository paths.
edges() {
	local f inc dir
	for f in $(find driver include kunit -name '*.[ch]' | sort); do
		dir=$(dirname "$f")
		grep -o '^#include [<"][^>"]*[>"]' "$f" | sed 's/^#include //' |
		while read -r inc; do
			case $inc in
			\"*)
				inc=${inc//\"/}
				if [ -e "$dir/$inc" ]; then
					echo "$f $dir/$inc"
				elif [ -e "driver/$inc" ]; then
					echo "$f driver/$inc"
				else
					echo "$f ?$inc"
				fi
				;;
			\<audmod/* | \<uapi/*)
				inc=${inc#<}
				echo "$f include/${inc%>}"
				;;
			esac
		done
	done
}

# group "A B" lines into "A -> B C ..." (input sorted on A).
group() {
	awk '$1 != prev { if (NR > 1) print line; line = sprintf("%-28s ->", $1); prev = $1 }
	     { line = line " " $2 } END { if (NR) print line }'
}

all=$(edges)
units=$(echo "$all" | sed 's/\.[ch]\( \|$\)/\1/g' | awk '$1 != $2' | sort -u)

echo "# files: FILE -> the project headers it includes"
echo "$all" | group
echo
echo "# units: UNIT -> the units it includes (a unit: foo.c + foo.h)"
echo "$units" | group
echo
echo "# cycles: units that include each other, directly or not"
echo "$units" | awk '
{
	reach[$1, $2] = 1
	if (!($1 in seen)) { seen[$1] = 1; u[++m] = $1 }
	if (!($2 in seen)) { seen[$2] = 1; u[++m] = $2 }
}
END {
	# Transitive closure; a few dozen units, so cubic is fine.
	for (k = 1; k <= m; k++)
		for (i = 1; i <= m; i++)
			if ((u[i], u[k]) in reach)
				for (j = 1; j <= m; j++)
					if ((u[k], u[j]) in reach)
						reach[u[i], u[j]] = 1
	for (i = 1; i <= m; i++)
		for (j = 1; j <= m; j++)
			if (u[i] < u[j] && (u[i], u[j]) in reach && (u[j], u[i]) in reach)
				print "cycle: " u[i] " <-> " u[j]
}' | sort | awk '{ print } END { print NR " cycle(s)" }'
