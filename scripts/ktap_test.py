#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tests of scripts/ktap.py and of the judgements of scripts/console.py:
what make check counts must be right, above all when a run went wrong (a
failure, a truncated log, a lost result, a report on the console)."""
import io
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console  # noqa: E402
import ktap  # noqa: E402
import manifest  # noqa: E402


def counts(text):
    tests, problems = ktap.parse(text.splitlines())
    p, f, s = ktap.count(tests)
    return p, f + len(problems), s


# A test module as the 6.12 kernel prints it: one suite, a failed case with
# its messages, a parameterised case with a skipped row.
KUNIT = """\
KTAP version 1
1..1
    KTAP version 1
    # Subtest: suite-a
    # module: suite_a_test
    1..3
    ok 1 first
    # second: EXPECTATION FAILED at kunit/a.c:12
    Expected a == b, but
        a == 1
    not ok 2 second
        KTAP version 1
        # Subtest: rows
        ok 1 row-0
        ok 2 row-1 # SKIP not on this kernel
    # rows: pass:1 fail:0 skip:1 total:2
    ok 3 rows
# suite-a: pass:2 fail:1 skip:0 total:3
# Totals: pass:2 fail:1 skip:0 total:3
not ok 1 suite-a
"""


class Parse(unittest.TestCase):
    def test_kunit_module(self):
        self.assertEqual(counts(KUNIT), (2, 1, 1))
        tests, _ = ktap.parse(KUNIT.splitlines())
        self.assertEqual([t.name for t in tests], ['suite-a'])
        second = tests[0].subtests[1]
        self.assertEqual(second.name, 'second')
        self.assertIn('Expected a == b, but', second.diag)

    def test_flat_results_and_unknown_lines(self):
        text = 'noise\nKTAP version 1\nok 1 a\n[ 1.0] kernel says ok\nnot ok 2 b\nok 3 c # SKIP x\n'
        self.assertEqual(counts(text), (1, 1, 1))

    def test_several_documents(self):
        self.assertEqual(counts(KUNIT + KUNIT.replace('suite-a', 'suite-b')), (4, 2, 2))

    def test_truncated_subtest_fails(self):
        cut = KUNIT[:KUNIT.index('    not ok 2 second')]
        p, f, _ = counts(cut)
        self.assertEqual((p, f), (1, 1))

    def test_truncated_subtest_without_plan_fails(self):
        text = 'KTAP version 1\n    KTAP version 1\n    # Subtest: x\n    ok 1 a\n'
        self.assertEqual(counts(text), (1, 1, 0))
        self.assertEqual(ktap.parse(text.splitlines())[0][0].name, 'x')

    def test_short_plan_fails(self):
        text = KUNIT.replace('    1..3', '    1..4')
        self.assertEqual(counts(text), (2, 2, 1))

    def test_top_level_plan_checked(self):
        self.assertEqual(counts('KTAP version 1\n1..3\nok 1 a\nok 2 b\n'), (2, 1, 0))

    def test_repeated_result_fails(self):
        # Plan and count agree, but one result came twice and one never.
        text = 'KTAP version 1\n1..3\nok 1 a\nok 2 b\nok 2 b\n'
        self.assertEqual(counts(text), (3, 1, 0))

    def test_gap_in_subtest_numbers_fails(self):
        text = KUNIT.replace('    ok 3 rows', '    ok 4 rows')
        self.assertEqual(counts(text), (2, 2, 1))

    def test_numbers_restart_in_each_document(self):
        text = 'KTAP version 1\n1..1\nok 1 a\nKTAP version 1\n1..1\nok 1 b\n'
        self.assertEqual(counts(text), (2, 0, 0))

    def test_not_ok_parent_of_passing_subtests_fails(self):
        text = '    KTAP version 1\n    1..1\n    ok 1 a\nnot ok 1 runner # exit 1\n'
        self.assertEqual(counts(text), (1, 1, 0))

    def test_not_ok_parent_of_failures_adds_nothing(self):
        text = '    KTAP version 1\n    1..1\n    not ok 1 a\nnot ok 1 runner\n'
        self.assertEqual(counts(text), (0, 1, 0))

    def test_no_result(self):
        self.assertEqual(ktap.parse(['KTAP version 1', 'just text'])[0], [])


class Write(unittest.TestCase):
    def test_round_trip_counts_the_same(self):
        for text in (KUNIT, KUNIT.replace('    1..3', '    1..5'),
                     KUNIT[:KUNIT.index('    not ok 2 second')]):
            tests, problems = ktap.parse(text.splitlines())
            out = io.StringIO()
            ktap.write(tests, out)
            nested = ''.join(ktap.INDENT + l for l in out.getvalue().splitlines(True))
            nested += 'ok 1 kunit\n' if not ktap.count(tests)[1] else 'not ok 1 kunit\n'
            self.assertEqual(counts(out.getvalue()), ktap.count(tests), text)
            self.assertEqual(counts(nested), ktap.count(tests), text)

    def test_failed_test_keeps_its_diagnostics(self):
        tests, _ = ktap.parse(KUNIT.splitlines())
        out = io.StringIO()
        ktap.write(tests, out)
        self.assertIn('# second: EXPECTATION FAILED', out.getvalue())



GUEST = """\
[    1.000000] Linux version 6.1
AUDMOD-GUEST-START 6.1
KTAP version 1
ok 1 load
[    2.000000] snd: a kernel line
# | the output of a failed check
not ok 2 play
ok 3 rt-only # SKIP not an RT kernel
# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:1 error:0
AUDMOD-GUEST-END
"""


def judged(text, mode='e2e'):
    lines = []
    for raw in text.splitlines():
        t = console.STAMP.sub('', raw)
        lines.append((t != raw, t))
    tests = console.e2e(lines, 'k:') if mode == 'e2e' else console.kunit(lines, 1)
    return {t.name: t.ok for t in tests}, ktap.count(tests)


class Console(unittest.TestCase):
    def test_clean_run(self):
        res, c = judged(GUEST)
        self.assertEqual(c, (4, 1, 1))
        self.assertFalse(res['k:play'])
        self.assertTrue(res['k:console-clean'] and res['k:results-complete'])

    def test_report_fails(self):
        res, _ = judged(GUEST.replace('a kernel line', 'WARNING: CPU: 0 PID: 1 at x.c:1'))
        self.assertFalse(res['k:console-clean'])

    def test_quoted_program_output_is_no_report(self):
        # jackd's own warning, quoted by a failed check.
        res, c = judged(GUEST.replace('the output of a failed check',
                                      'WARNING: 1 message buffer overruns!'))
        self.assertTrue(res['k:console-clean'])
        self.assertEqual(c, (4, 1, 1))
        # Unquoted, the same line is taken for a report.
        res, _ = judged(GUEST.replace('# | the output of a failed check',
                                      'WARNING: 1 message buffer overruns!'))
        self.assertFalse(res['k:console-clean'])
        # The same line from the kernel (stamped) is a report.
        res, _ = judged(GUEST.replace('a kernel line', '# | WARNING: CPU: 0 PID: 1 at x.c:1'))
        self.assertFalse(res['k:console-clean'])

    def test_lost_result_fails(self):
        res, _ = judged(GUEST.replace('ok 1 load\n', ''))
        self.assertFalse(res['k:results-complete'])

    def test_garbled_result_fails(self):
        res, _ = judged(GUEST.replace('ok 1 load', 'ok 1 lo[    2.1] x\nad'))
        self.assertTrue(res['k:results-complete'])
        res, _ = judged(GUEST.replace('ok 1 load', 'o[    2.1] x\nk 1 load'))
        self.assertFalse(res['k:results-complete'])

    def test_unfinished_guest_fails(self):
        cut = GUEST[:GUEST.index('# Totals')] + 'AUDMOD-QEMU-TIMEOUT after 900s\n'
        res, _ = judged(cut)
        self.assertFalse(res['k:guest-finished'])
        self.assertFalse(res['k:results-complete'])
        self.assertFalse(res['k:console-clean'])

    def test_no_check_fails(self):
        res, _ = judged('AUDMOD-GUEST-START x\nAUDMOD-GUEST-END\n')
        self.assertFalse(res['k:results-complete'])

    def test_kunit_counts_kernel_lines_only(self):
        log = ''.join('[    3.%06d] %s\n' % (i, l) for i, l in enumerate(KUNIT.splitlines()))
        log = 'AUDMOD-GUEST-START x\nok 1 not-from-the-kernel\n' + log + 'AUDMOD-GUEST-END\n'
        res, c = judged(log, 'kunit')
        self.assertEqual(c, (2 + 4, 1, 1))
        self.assertTrue(res['suites-ran'])

    def test_kunit_unload_failure_fails(self):
        log = ('AUDMOD-GUEST-START x\nAUDMOD-KUNIT: modprobe -r a-test failed\n'
               'AUDMOD-GUEST-END\n')
        res, _ = judged(log, 'kunit')
        self.assertFalse(res['modules-unloaded'])
        res, _ = judged('AUDMOD-GUEST-START x\nAUDMOD-GUEST-END\n', 'kunit')
        self.assertTrue(res['modules-unloaded'])

    def test_kunit_missing_suite_fails(self):
        res, _ = judged('AUDMOD-GUEST-START x\nAUDMOD-GUEST-END\n', 'kunit')
        self.assertFalse(res['suites-ran'])


MANIFEST = """\
# name     legs        skip-legs  reason
load       all
play       stock,rt
rt-only    all         stock      not an RT kernel
"""


class Manifest(unittest.TestCase):
    def setUp(self):
        f = tempfile.NamedTemporaryFile('w', suffix='.manifest', delete=False)
        f.write(MANIFEST)
        f.close()
        self.path = f.name

    def tearDown(self):
        os.unlink(self.path)

    def judged(self, text, leg='stock', only=''):
        lines = [(False, t) for t in text.splitlines()]
        tests = console.e2e(lines, leg + ':', leg, only, self.path)
        return {t.name: t for t in tests}[leg + ':manifest']

    def test_complete_run(self):
        self.assertTrue(self.judged(GUEST).ok)

    def test_missing_check_fails(self):
        t = self.judged(GUEST.replace('ok 1 load\n', ''))
        self.assertFalse(t.ok)
        self.assertIn('load did not report', t.diag)

    def test_repeated_check_fails(self):
        t = self.judged(GUEST.replace('not ok 2 play', 'ok 2 load\nnot ok 2 play'))
        self.assertIn('load reported 2 times', t.diag)

    def test_unlisted_check_fails(self):
        self.assertFalse(self.judged(GUEST.replace('ok 1 load', 'ok 1 lode')).ok)

    def test_skip_only_where_allowed(self):
        t = self.judged(GUEST.replace('ok 2 play', 'ok 2 play # SKIP x'), 'rt')
        self.assertFalse(t.ok)
        self.assertIn('rt-only was skipped, which the manifest does not allow on rt', t.diag)

    def test_leg_and_prefix_narrow_it(self):
        self.assertFalse(self.judged(GUEST, 'debug').ok)   # play is not a debug check
        self.assertTrue(self.judged('AUDMOD-GUEST-START\nKTAP version 1\nok 1 load\n'
                                    'AUDMOD-GUEST-END\n', 'stock', 'lo').ok)

    def test_malformed_manifest_refused(self):
        with open(self.path, 'a') as f:
            f.write('play all\n')
        self.assertRaises(ValueError, manifest.read, self.path)


if __name__ == '__main__':
    unittest.main()
