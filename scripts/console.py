#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a QEMU console log and print the verdict as one KTAP document.

  console.py kunit LOG EXPECTED_SUITES   the KUnit suites the kernel printed
  console.py e2e LOG [LEG [MANIFEST-LEG]]
                                         the checks the guest printed (LEG:
                                         their prefix and, unless
                                         MANIFEST-LEG names another, the
                                         manifest's leg)
  console.py reports LOG                 the number of report lines

The results read from the console (KTAP, through scripts/ktap.py) are
written again, numbered in order, followed by the judgements of the whole
run, each a test of its own:
  console-clean     no report of the kernel's debug facilities (KASAN,
                    UBSAN, lockdep, kmemleak, WARN, BUG, oops, hung task)
                    and no QEMU timeout;
  guest-finished    the guest reached the end of its payload;
  suites-ran        (kunit) every suite the test modules hold reported;
  modules-unloaded  (kunit) every test module loaded and unloaded (a
                    reference leaked by a test makes its modprobe -r fail);
  results-complete  (e2e) the guest's own count of its checks matches what
                    was read, so no result line was lost or garbled;
  manifest          (e2e, given a leg) the checks read are those the leg
                    must report (scripts/e2e.manifest, narrowed by the
                    E2E_ONLY of the environment), each once, skipped only
                    where the manifest allows it.
Ends with a "# Totals:" line; exits 1 if anything failed.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktap  # noqa: E402
import manifest  # noqa: E402

STAMP = re.compile(r'^\[\s*\d+\.\d+\]\s?')
# Lines that mean the kernel found a bug. Matched after the timestamp.
REPORTS = [
    r'BUG: ', r'WARNING: ', r'Oops', r'general protection fault',
    r'kernel BUG at', r'KASAN', r'UBSAN', r'possible circular locking',
    r'possible recursive locking', r'inconsistent lock state',
    r'DEBUG_LOCKS_WARN_ON', r'suspicious RCU usage',
    r'unreferenced object 0x', r'kmemleak: .*suspected memory leak',
    r'INFO: task .* blocked for more than', r'Kernel panic',
    r'------------\[ cut here \]------------', r'Call Trace:',
    r'AUDMOD-QEMU-TIMEOUT',
]
REPORT_RE = re.compile('|'.join(REPORTS))
# The guest's count of its checks, printed by guest_ktap_totals.
TOTALS = re.compile(r'^# Totals: pass:(\d+) fail:(\d+)(?: xfail:\d+ xpass:\d+)? skip:(\d+)')


def read_console(path):
    """Return [(from_kernel, text)] for every line, timestamps removed."""
    out = []
    with open(path, errors='replace') as f:
        for raw in f:
            raw = raw.rstrip('\n')
            text = STAMP.sub('', raw)
            out.append((text != raw, text))
    return out


def reports(lines):
    # A failed guest check quotes its programs' output as "# | " lines
    # (jackd prints "WARNING: ..." of its own): not the kernel's, which
    # stamps its lines.
    return [t for k, t in lines if REPORT_RE.search(t) and (k or not t.startswith('# | '))]


def judge(lines, prefix):
    """The judgements of every run: a clean console, a finished guest."""
    found = reports(lines)
    diag = ['REPORT: ' + t for t in found[:40]]
    tests = [ktap.Test(prefix + 'console-clean', not found,
                       '%d report line(s)' % len(found) if found else '', diag=diag)]
    finished = any('AUDMOD-GUEST-END' in t for _, t in lines)
    tests.append(ktap.Test(prefix + 'guest-finished', finished,
                           '' if finished else 'no AUDMOD-GUEST-END: crash, hang or timeout'))
    return tests


def kunit(lines, expected):
    # KUnit prints from the kernel: its lines carry timestamps.
    suites, problems = ktap.parse(t for k, t in lines if k)
    tests = suites + judge(lines, '')
    ran = len(suites)
    tests.append(ktap.Test('suites-ran', ran >= expected and not problems,
                           '%d of %d suites reported%s' % (ran, expected,
                                                          ''.join('; ' + p for p in problems))))
    # kunit.sh's payload says so when a modprobe or an rmmod fails.
    stuck = [t for _, t in lines if t.startswith('AUDMOD-KUNIT: ')]
    tests.append(ktap.Test('modules-unloaded', not stuck, '; '.join(stuck)))
    return tests


def guest_region(lines):
    """The guest's own output: untimestamped lines of its payload."""
    inside = False
    for k, t in lines:
        if 'AUDMOD-GUEST-START' in t:
            inside = True
        elif 'AUDMOD-GUEST-END' in t:
            inside = False
        elif inside and not k:
            yield t


def e2e(lines, prefix, leg=None, only='', path=manifest.MANIFEST):
    region = list(guest_region(lines))
    checks, problems = ktap.parse(region)
    listed = None
    if leg is not None:
        try:
            why = manifest.judge(leg, [(t.name, t.skipped) for t in checks], only, path)
        except (OSError, ValueError) as e:
            why = ['the manifest cannot be read: %s' % e]
        listed = ktap.Test(prefix + 'manifest', not why, '%d problem(s)' % len(why) if why else '',
                           diag=why[:40])
    for t in checks:
        t.name = prefix + t.name
    p, f, s = ktap.count(checks)
    said = [TOTALS.match(t) for t in region]
    said = [m for m in said if m]
    if not checks:
        ok, why = False, 'no check reported'
    elif not said:
        ok, why = False, 'the guest printed no totals: it did not finish'
    else:
        sp, sf, ss = (int(x) for x in said[-1].groups())
        ok = (sp, sf, ss) == (p, f, s) and not problems
        why = 'guest counted pass:%d fail:%d skip:%d, read pass:%d fail:%d skip:%d' % (
            sp, sf, ss, p, f, s)
        why += ''.join('; ' + x for x in problems)
    complete = ktap.Test(prefix + 'results-complete', ok, '' if ok else why)
    return checks + judge(lines, prefix) + [complete] + ([listed] if listed else [])


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ('kunit', 'e2e', 'reports'):
        sys.exit(__doc__)
    mode, path = sys.argv[1], sys.argv[2]
    lines = read_console(path)
    if mode == 'reports':
        print(len(reports(lines)))
        return 0
    if mode == 'kunit':
        tests = kunit(lines, int(sys.argv[3]))
    else:
        leg = sys.argv[3] if len(sys.argv) > 3 else None
        listed = sys.argv[4] if len(sys.argv) > 4 else leg
        tests = e2e(lines, leg + ':' if leg else '', listed, os.environ.get('E2E_ONLY', ''))
    ktap.write(tests, diag=['console log: ' + path])
    print(ktap.totals(tests))
    return 1 if ktap.count(tests)[1] else 0


if __name__ == '__main__':
    sys.exit(main())
