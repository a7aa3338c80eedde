#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read a QEMU console log and report what the harness judges on it.

  console.py kunit LOG EXPECTED_SUITES   KTAP cases and suites
  console.py e2e LOG [PREFIX]            AUDMOD-E2E named checks

Each result is printed as one line; the last line is "PASSED n FAILED m".
Reports of the debug facilities (KASAN, UBSAN, lockdep, kmemleak, WARN,
BUG, oops, hung tasks) and a guest that did not finish count as failures.
"""
import re
import sys

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


def read_lines(path):
    with open(path, errors='replace') as f:
        return [STAMP.sub('', l.rstrip('\n')) for l in f]


def judge(lines, prefix=''):
    """Common judgement: reports and a complete guest run."""
    passed, failed = 0, 0
    reports = [l for l in lines if REPORT_RE.search(l)]
    if reports:
        for l in reports[:40]:
            print('REPORT: ' + l)
        print('not ok %sconsole-clean (%d report lines)' % (prefix, len(reports)))
        failed += 1
    else:
        print('ok %sconsole-clean' % prefix)
        passed += 1
    if not any('AUDMOD-GUEST-END' in l for l in lines):
        print('not ok %sguest-finished (no AUDMOD-GUEST-END: crash, hang or timeout)' % prefix)
        failed += 1
    return passed, failed


def kunit(lines, expected_suites):
    passed, failed, suites, cur = 0, 0, 0, None
    case_re = re.compile(r'^    (not ok|ok) \d+ (\S.*?)(\s+#\s*(SKIP.*))?$')
    suite_re = re.compile(r'^(not ok|ok) \d+ (\S+)')
    for l in lines:
        m = re.match(r'^    # Subtest: (\S+)', l)
        if m:
            cur = m.group(1)
            continue
        m = case_re.match(l)
        if m and cur:
            name = '%s.%s' % (cur, m.group(2))
            if m.group(4):
                print('skip %s # %s' % (name, m.group(4)))
            elif m.group(1) == 'ok':
                print('ok ' + name)
                passed += 1
            else:
                print('not ok ' + name)
                failed += 1
            continue
        m = suite_re.match(l)
        if m and cur and m.group(2) == cur:
            suites += 1
            cur = None
    if cur:
        print('not ok %s (KTAP truncated: suite never finished)' % cur)
        failed += 1
    if suites < expected_suites:
        print('not ok suites-ran (%d of %d suites reported)' % (suites, expected_suites))
        failed += 1
    p, f = judge(lines)
    return passed + p, failed + f


def e2e(lines, prefix):
    passed, failed = 0, 0
    for l in lines:
        m = re.match(r'^AUDMOD-E2E: (ok|not ok) (.*)$', l)
        if m:
            print('%s %s%s' % (m.group(1), prefix, m.group(2)))
            if m.group(1) == 'ok':
                passed += 1
            else:
                failed += 1
    if passed + failed == 0:
        print('not ok e2e-ran (no check reported)')
        failed += 1
    p, f = judge(lines, prefix)
    return passed + p, failed + f


def main():
    mode, path = sys.argv[1], sys.argv[2]
    lines = read_lines(path)
    if mode == 'kunit':
        p, f = kunit(lines, int(sys.argv[3]))
    else:
        prefix = sys.argv[3] + ':' if len(sys.argv) > 3 else ''
        p, f = e2e(lines, prefix)
    print('PASSED %d FAILED %d' % (p, f))
    return 1 if f else 0


if __name__ == '__main__':
    sys.exit(main())
