#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The list of end-to-end checks each leg must report: scripts/e2e.manifest.

  manifest.py count [LEG...]   the number of checks of each leg (the
                               README's per-leg counts come from here)
  manifest.py list LEG         the checks of LEG, one a line

A line of the manifest names one check, the legs it runs on ("all": every
e2e leg, not pacing, servers, dkms or demo; or a comma-separated list), then
optionally the legs where it may be skipped and why:

  pcm-suspend-freeze-devices  all
  board-dt-simple-card        all  stock,debug  no device-tree card on this leg

A run of a leg (scripts/console.py e2e) must report every check of that
leg exactly once and no other; a SKIP is allowed only on the legs listed
for it. E2E_ONLY narrows a run to the checks whose name starts with it, and
the manifest with it (checks outside the prefix that such a run reports
all the same, such as loading the module, are not judged then).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, 'e2e.manifest')
# The e2e legs of make check, make check-next and make check-arm64
# ("all"), then the boots
# with payloads of their own (E2E_BOOT=pacing, on the stock and the debug
# kernel; E2E_BOOT=servers, on the stock kernel), the DKMS check's guest and make demo, whose checks are
# their own.
E2E_LEGS = ('stock', 'debug', 'next', 'stock-6.12', 'rt', 'arm64',
            'arm64-simple-card', 'arm64-graph-card')
LEGS = E2E_LEGS + ('pacing', 'debug-pacing', 'servers', 'dkms', 'demo')


class Entry:
    """One check: where it runs, where it may be skipped, and why."""

    def __init__(self, name, legs, skip_legs, reason):
        self.name = name
        self.legs = legs
        self.skip_legs = skip_legs
        self.reason = reason


def _legs(word, where):
    if word == 'all':
        return set(E2E_LEGS)
    legs = set(word.split(','))
    unknown = legs - set(LEGS)
    if unknown:
        raise ValueError('%s: unknown leg(s) %s' % (where, ', '.join(sorted(unknown))))
    return legs


def read(path=MANIFEST):
    """Return [Entry] of the manifest; ValueError on a malformed line."""
    entries, seen = [], set()
    with open(path) as f:
        for n, line in enumerate(f, 1):
            words = line.split('#', 1)[0].split()
            if not words:
                continue
            where = '%s:%d' % (os.path.basename(path), n)
            if len(words) < 2 or len(words) == 3:
                raise ValueError(where + ': NAME LEGS [SKIP-LEGS REASON]')
            if words[0] in seen:
                raise ValueError(where + ': ' + words[0] + ' listed twice')
            seen.add(words[0])
            skip = _legs(words[2], where) if len(words) > 2 else set()
            entries.append(Entry(words[0], _legs(words[1], where), skip,
                                 ' '.join(words[3:])))
    return entries


def expected(leg, only='', path=MANIFEST):
    """{name: Entry} of the checks LEG must report, narrowed by ONLY."""
    return {e.name: e for e in read(path)
            if leg in e.legs and e.name.startswith(only)}


def judge(leg, results, only='', path=MANIFEST):
    """Compare RESULTS, [(name, skipped)], with the manifest; return the
    list of problems (empty when the run is complete)."""
    want = expected(leg, only, path)
    problems, seen = [], {}
    for name, skipped in results:
        if not name.startswith(only):
            continue    # the load and unload checks run whatever E2E_ONLY says
        seen[name] = seen.get(name, 0) + 1
        e = want.get(name)
        if e is None:
            problems.append('%s is not in the manifest for %s' % (name, leg))
        elif skipped and leg not in e.skip_legs:
            problems.append('%s was skipped, which the manifest does not allow on %s'
                            % (name, leg))
    for name, k in sorted(seen.items()):
        if k > 1:
            problems.append('%s reported %d times' % (name, k))
    for name in sorted(set(want) - set(seen)):
        problems.append('%s did not report' % name)
    return problems


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == 'count':
        for leg in sys.argv[2:] or LEGS:
            want = expected(leg)
            skips = sum(1 for e in want.values() if leg in e.skip_legs)
            print('%-18s %3d checks (%d may be skipped)' % (leg, len(want), skips))
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == 'list':
        for name in expected(sys.argv[2]):
            print(name)
        return 0
    sys.exit(__doc__)


if __name__ == '__main__':
    sys.exit(main())
