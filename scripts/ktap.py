#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The harness's one KTAP reader and writer.

Every result of the harness is KTAP, the kernel's test output format: the
KUnit suites print it, the guest's check() prints it, and each tool
(kunit.sh, e2e.sh, check.sh) prints a KTAP document of its own with the
documents of the tools it ran nested inside. This module parses such output,
counts it and writes it.

  ktap.py sum FILE      print "N passed, N failed" for the KTAP in FILE;
                        exit 1 on any failure, or if FILE holds no result

Counting: a test with subtests counts as its subtests. A "not ok" test
whose subtests all passed (or that has none), a document or subtest whose
plan ("1..N") promised more or fewer results than it gave, and one whose
results are not numbered 1, 2, ... in order (a result repeated, lost or
out of place), count as one failure of their own. SKIP counts neither way.
"""
import re
import sys

VERSION = re.compile(r'^( *)K?TAP version \d+\s*$')
SUBTEST = re.compile(r'^( *)# Subtest: (.*?)\s*$')
PLAN = re.compile(r'^( *)1\.\.(\d+)\b')
RESULT = re.compile(r'^( *)(ok|not ok) (\d+)(?: -)?(?: ([^#]*?))?\s*(?:#\s*(.*?)\s*)?$')
DIAG = re.compile(r'^( *)#(?: (.*))?$')
INDENT = '    '
# Diagnostic lines kept with a failed test, when it is written again.
DIAG_KEEP = 60


class Test:
    """One KTAP test: its result, its directive, and its subtests if any."""

    def __init__(self, name, ok, directive='', subtests=None, plan=None, diag=None,
                 number=None):
        self.name = name
        self.number = number
        self.ok = ok
        self.directive = directive
        self.subtests = subtests or []
        self.plan = plan
        self.diag = diag or []

    @property
    def skipped(self):
        return self.directive.upper().startswith('SKIP')

    @property
    def plan_broken(self):
        return self.plan is not None and self.plan != len(self.subtests)

    @property
    def numbering_broken(self):
        return misnumbered(self.subtests)


def misnumbered(tests):
    """True unless TESTS carry the numbers 1..len(TESTS) in order (a test
    that never got a result line, made up for truncated output, has none and
    is already a failure)."""
    return any(t.number is not None and t.number != i
               for i, t in enumerate(tests, 1))


def _indent(line):
    return len(line) - len(line.lstrip(' '))


class _Level:
    """A KTAP (sub)document being read."""

    def __init__(self, indent, name=None):
        self.indent = indent
        self.name = name
        self.tests = []
        self.plan = None
        self.diag = []


def parse(lines):
    """Parse KTAP lines; return (tests, problems).

    Lines that are not KTAP (kernel messages, tool output) are ignored, as
    the KTAP specification allows. Several top-level documents may follow
    each other (the kernel prints one for each test module it loads): their
    tests are returned in order, and a document whose plan does not match
    its results adds a line to problems. Nesting follows indentation: a
    block indented deeper than the current one holds the subtests of the
    next result line at the current indentation. A block that never got
    that result line (truncated output) becomes a failed test.
    """
    top = _Level(0)
    stack = [top]
    docs = []          # [plan, index of the document's first test]
    problems = []

    def truncate(indent):
        # Close the blocks deeper than INDENT whose parent result never came.
        while len(stack) > 1 and stack[-1].indent > indent:
            lvl = stack.pop()
            stack[-1].tests.append(Test(lvl.name or '(unnamed subtest)', False,
                                        'ERROR output ends before this test\'s result',
                                        lvl.tests, lvl.plan, lvl.diag))

    for raw in lines:
        line = raw.rstrip('\n')
        m = VERSION.match(line)
        sub = SUBTEST.match(line)
        if m or sub:
            ind = len((m or sub).group(1))
            name = sub.group(2) if sub else None
            if ind < stack[-1].indent:
                truncate(ind)
            cur = stack[-1]
            if ind > cur.indent:
                stack.append(_Level(ind, name))
            elif name and len(stack) > 1 and not cur.tests:
                cur.name = name
            elif ind == 0 and m:
                docs.append([None, len(top.tests)])
            continue
        m = PLAN.match(line)
        if m:
            cur = stack[-1]
            if len(m.group(1)) == cur.indent:
                if cur is top:
                    if not docs:
                        docs.append([None, 0])
                    docs[-1][0] = int(m.group(2))
                elif cur.plan is None:
                    cur.plan = int(m.group(2))
            continue
        m = RESULT.match(line)
        if not m:
            # Diagnostics of the next result: "# ..." at its indentation
            # and, in a nested block, any deeper line (KUnit's assertion
            # messages are not "#" lines).
            cur = stack[-1]
            d = DIAG.match(line)
            if d and len(d.group(1)) == cur.indent:
                cur.diag.append(d.group(2) or '')
            elif cur.indent and line.strip() and _indent(line) >= cur.indent:
                cur.diag.append(line[cur.indent:])
            continue
        ind = len(m.group(1))
        subs, plan = [], None
        if ind > stack[-1].indent:
            # Subtests without a version line: a block of their own.
            stack.append(_Level(ind))
        elif ind < stack[-1].indent:
            while len(stack) > 1 and stack[-1].indent > ind:
                lvl = stack.pop()
                if stack[-1].indent > ind:
                    stack[-1].tests.append(Test(lvl.name or '(unnamed subtest)', False,
                                                'ERROR output ends before this test\'s result',
                                                lvl.tests, lvl.plan, lvl.diag))
                else:
                    subs, plan = lvl.tests, lvl.plan
            if stack[-1].indent != ind:
                continue
        cur = stack[-1]
        cur.tests.append(Test(m.group(4) or '', m.group(2) == 'ok',
                              m.group(5) or '', subs, plan, cur.diag[-DIAG_KEEP:],
                              int(m.group(3))))
        cur.diag = []
    truncate(-1)
    for i, (plan, first) in enumerate(docs):
        end = docs[i + 1][1] if i + 1 < len(docs) else len(top.tests)
        if plan is not None and plan != end - first:
            problems.append('plan of document %d says %d tests, it reported %d'
                            % (i + 1, plan, end - first))
        if misnumbered(top.tests[first:end]):
            problems.append('results of document %d are not numbered 1..%d in order'
                            % (i + 1, end - first))
    return top.tests, problems


def count(tests):
    """Return (passed, failed, skipped) over TESTS as described at the top."""
    passed = failed = skipped = 0
    for t in tests:
        if t.subtests:
            p, f, s = count(t.subtests)
            passed, failed, skipped = passed + p, failed + f, skipped + s
            if (not t.ok and f == 0) or t.plan_broken or t.numbering_broken:
                failed += 1
        elif t.skipped:
            skipped += 1
        elif t.ok:
            passed += 1
        else:
            failed += 1
    return passed, failed, skipped


def failed(t):
    """True if T counts at least one failure."""
    return count([t])[1] > 0


def write(tests, out=sys.stdout, indent='', name=None, diag=(), plan=None):
    """Write TESTS as a KTAP document (nested blocks for subtests).

    A plan that did not match is written as it was, so that reading the
    output again counts the same.
    """
    out.write(indent + 'KTAP version 1\n')
    if name:
        out.write('%s# Subtest: %s\n' % (indent, name))
    for d in diag:
        out.write('%s# %s\n' % (indent, d))
    out.write('%s1..%d\n' % (indent, len(tests) if plan is None else plan))
    for i, t in enumerate(tests, 1):
        if t.subtests:
            write(t.subtests, out, indent + INDENT, t.name, plan=t.plan)
        if not t.ok or failed(t):
            for d in t.diag:
                out.write('%s# %s\n' % (indent, d))
        res = 'ok' if t.ok else 'not ok'
        line = '%s%s %d %s' % (indent, res, i, t.name)
        if t.directive:
            line += ' # ' + t.directive
        out.write(line.rstrip() + '\n')


def totals(tests, problems=()):
    """The ktap_helpers-style totals diagnostic line."""
    p, f, s = count(tests)
    return '# Totals: pass:%d fail:%d skip:%d' % (p, f + len(problems), s)


def main():
    if len(sys.argv) != 3 or sys.argv[1] != 'sum':
        sys.exit(__doc__)
    with open(sys.argv[2], errors='replace') as f:
        tests, problems = parse(f)
    p, f, s = count(tests)
    for msg in problems:
        print('# ' + msg)
    f += len(problems)
    if not tests:
        print('# no KTAP result in ' + sys.argv[2])
        f += 1
    if s:
        print('# %d skipped' % s)
    print('%d passed, %d failed' % (p, f))
    return 1 if f else 0


if __name__ == '__main__':
    sys.exit(main())
