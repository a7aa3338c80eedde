#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make include-graph: print which of the project's own headers every source
# includes, then the same graph between units (a unit is a driver/ source
# and its header of the same name, or a public header), and the units that
# reach each other through includes (cycles). Reads only the sources:
# `#include "x.h"` is looked up next to the file, then in driver/;
# `#include <audmod/x.h>` and `#include <uapi/x.h>` in include/.
# System headers (<linux/...>, <sound/...>) are left out. After a `make`
# in the tree, the same graph and cycles for calls between the objects.
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
# cycles: read "A B" edges, print each group of units that reach each
# other (a cycle), then the number of groups.
cycles() {
	awk '
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
		# One line per strongly connected group, in input order.
		for (i = 1; i <= m; i++) {
			if (u[i] in done)
				continue
			line = ""
			for (j = i + 1; j <= m; j++)
				if ((u[i], u[j]) in reach && (u[j], u[i]) in reach) {
					line = line " <-> " u[j]
					done[u[j]] = 1
				}
			if (line != "")
				print "cycle: " u[i] line
		}
	}' | sort | awk '{ print } END { print NR " cycle(s)" }'
}

echo "# cycles: units that include each other, directly or not"
echo "$units" | cycles

# With objects from a build in the tree (make), the same for calls: unit A
# calls unit B if A's object uses a symbol B's object defines.
objs=$(find driver kunit -name '*.o' ! -name '*.mod.o' 2>/dev/null | sort)
[ -n "$objs" ] || exit 0
calls=$(for o in $objs; do
	nm "$o" | awk -v u="${o%.o}" '$1 == "U" { print "U", $2, u } NF == 3 && $2 ~ /[TDBR]/ { print "D", $3, u }'
done | awk '$1 == "D" { def[$2] = $3; next } { use[++n] = $2 " " $3 }
	END { for (i = 1; i <= n; i++) { split(use[i], a, " "); if (a[1] in def && def[a[1]] != a[2]) print a[2], def[a[1]] } }' |
	sort -u)
echo
echo "# calls: UNIT -> the units whose functions or data it uses (from the .o files)"
echo "$calls" | group
echo
echo "# cycles: units that call each other, directly or not"
echo "$calls" | cycles
