#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn make bench console logs into a Markdown report, and compare runs.

  bench_report.py report [--meta KEY=VALUE]... [--json OUT] CLOCK=LOG...
      One table over the boots of one run. CLOCK is "icount" (guest time
      counts instructions: -icount shift=0, one CPU) or "wall" (ordinary
      TCG time); every row says which. Writes the rows as JSON to OUT too.
  bench_report.py compare LABEL=JSON ...
      The ratio and spread of every row in each run, side by side, and the
      last run's ratio over the first's.

The guest prints lines "AUDMOD-BENCH KIND ..." (scripts/guest/bench.sh,
the audmod-bench module, the tools in scripts/guest/tools/bench_*.c):
  row NAME key=value ...      a measured row (ratio, spread_min, spread_max,
                              and either ours_ops/base_ops in operations per
                              second or ours_ns/base_ns per operation)
  row NAME na=REASON          a row that could not be measured, and why
  latency rep=I|all ...       send-to-reader percentiles (bench_ctl_latency)
  stream rep=I off_busy_ns=A on_busy_ns=B idle_busy_ns=C base_busy_ns=D
         secs=S rate=R modules=M   busy time of each streaming side
                              (bench_stream in scripts/guest/bench.sh)
  note TEXT / error TEXT / guest TEXT
Nothing here judges a number: the goals are printed beside the rows.
"""
import argparse
import json
import re
import sys

GOALS = [
    ('sample-', '<= 1.25'),
    ('notify-alloc-', '<= 1.05'),
    ('notify-modules-', 'flat (~1.00)'),
    ('notify-payload-', 'linear'),
    ('ctl-event-', '<= 1.10'),
    ('send-to-reader-', '(old channel)'),
    ('chan-irq-to-read-', '<= 1.05'),
    ('chan-readers-', '<= 1.05, linear in readers'),
    ('stream-modules-cost-', '(insn per frame per module)'),
    ('stream-48k-s16-2ch-play+capture-modules-on', '(meter measuring)'),
    ('stream-', '<= 1.10'),
]

STAMP = re.compile(r'^\[\s*\d+\.\d+\]\s?')
TROUBLE = re.compile(r'BUG: |WARNING: |Oops|general protection fault|'
                     r'Call Trace:|Kernel panic|AUDMOD-QEMU-TIMEOUT')


def goal(name):
    for prefix, text in GOALS:
        if name.startswith(prefix):
            return text
    return ''


def kv(words):
    return dict(w.split('=', 1) for w in words if '=' in w)


def median(v):
    v = sorted(v)
    h = len(v) // 2
    return v[h] if len(v) % 2 else (v[h - 1] + v[h]) / 2


class Boot:
    """What one guest boot printed."""

    def __init__(self, clock, path):
        self.clock = clock
        self.rows, self.notes, self.errors = [], [], []
        self.guest, self.stream, self.latency = '', [], {}
        for line in open(path, errors='replace'):
            self.parse(STAMP.sub('', line.rstrip('\n')))

    def parse(self, line):
        if TROUBLE.search(line):
            self.errors.append('console: ' + line)
        if not line.startswith('AUDMOD-BENCH '):
            return
        words = line.split()[1:]
        if not words:
            return
        kind, rest = words[0], words[1:]
        if kind == 'row' and rest:
            row = kv(rest[1:])
            if 'na' in row:
                row['na'] = line.split('na=', 1)[1]
            row['name'] = rest[0]
            self.rows.append(row)
        elif kind == 'note':
            self.notes.append(' '.join(rest))
        elif kind == 'error':
            self.errors.append(' '.join(rest))
        elif kind == 'guest':
            self.guest = ' '.join(rest)
        elif kind == 'stream':
            self.stream.append(kv(rest))
        elif kind == 'latency' and rest:
            self.latency[rest[0]] = kv(rest[1:])


def cost_per_op(row, side):
    """Cost of one operation of a side, in guest ns (instructions under
    icount), or None."""
    ns = row.get(side + '_ns')
    if ns is not None:
        return float(ns)
    ops = row.get(side + '_ops', '')
    if ops.isdigit() and int(ops) > 0:
        return 1e9 / int(ops)
    return None


def allocs(v):
    # "S+P/C": slab objects + pages over C operations, as per-op figures.
    if not v:
        return ''
    if v == '?':
        return 'unknown'
    m = re.match(r'(\d+)\+(\d+)/(\d+)$', v)
    if not m:
        return v
    s, p, c = (int(x) for x in m.groups())
    return '%g+%g' % (round(s / c, 3), round(p / c, 3))


def latency_rows(boot):
    """The bench_ctl_latency percentiles as rows: ratio over all samples,
    spread over the repetitions' own ratios."""
    out = []
    if 'all' not in boot.latency:
        return out
    whole = boot.latency['all']
    per = [v for k, v in boot.latency.items() if k.startswith('rep=')]
    for q, label in (('p50', 'median'), ('p99', 'p99')):
        o, b = int(whole['ours_' + q]), int(whole['base_' + q])
        rs = [int(r['ours_' + q]) / int(r['base_' + q]) for r in per
              if int(r['base_' + q]) > 0]
        out.append({
            'name': 'send-to-reader-' + label, 'ours_ns': o, 'base_ns': b,
            'ratio': '%.3f' % (o / b) if b else '-',
            'spread_min': '%.3f' % min(rs) if rs else '-',
            'spread_max': '%.3f' % max(rs) if rs else '-',
            'reps': str(len(per)),
            'ours': 'send_notification->control_event->ELEM_READ',
            'base': 'plain_control_change->event->ELEM_READ'})
    return out


def spread(values):
    return ('%.3f' % min(values), '%.3f' % max(values)) if values else ('-', '-')


def stream_rows(boot):
    """Our card's streaming sides against snd-aloop (busy time over the same
    steady-state window), and the modules' own cost per frame: the "on"
    side less the "off" one, over the frames both directions moved, per
    module switched on."""
    if not boot.stream:
        return []
    s0 = boot.stream[0]
    secs, rate = s0.get('secs', '?'), s0.get('rate', '')
    base = [int(x['base_busy_ns']) for x in boot.stream]
    mb = median(base)
    out = []
    for side, what in (('off', 'audmod_card,capture_from_loopback,modules_off'),
                       ('on', 'audmod_card,capture_from_loopback,modules_on,'
                              'meter_measuring'),
                       ('idle', 'audmod_card,capture_from_loopback,modules_on,'
                                'meter_unread')):
        key = side + '_busy_ns'
        if key not in s0:
            continue
        o = [int(x[key]) for x in boot.stream]
        mo = median(o)
        lo, hi = spread([a / b for a, b in zip(o, base) if b > 0])
        out.append({
            'name': 'stream-48k-s16-2ch-play+capture-modules-' + side,
            'ours_ns': mo, 'base_ns': mb, 'per': '%s s' % secs,
            'ratio': '%.3f' % (mo / mb) if mb else '-',
            'spread_min': lo, 'spread_max': hi, 'reps': str(len(o)),
            'ours': what, 'base': 'snd-aloop,Loopback0_to_Loopback1'})
    mods = int(s0.get('modules', '0') or 0)
    if 'on_busy_ns' in s0 and 'off_busy_ns' in s0 and mods and rate:
        # Frames over the window, both directions.
        frames = 2 * int(rate) * int(secs)
        per = [(int(x['on_busy_ns']) - int(x['off_busy_ns'])) / frames / mods
               for x in boot.stream]
        m = median(per)
        out.append({
            'name': 'stream-modules-cost-per-frame-per-module',
            'ours_ns': m, 'base_ns': None, 'per': 'frame x module',
            'ratio': '%.1f' % m, 'spread_min': '%.1f' % min(per),
            'spread_max': '%.1f' % max(per), 'reps': str(len(per)),
            'ours': 'modules_on - modules_off, %d module(s), %d frames'
                    % (mods, frames), 'base': '-'})
    return out


def ratio_text(r):
    """The ratio of medians; for wall-clock rows also that of the fastest
    repetitions, which a loaded host disturbs least."""
    text = r.get('ratio', '-')
    if r.get('clock') == 'wall' and 'best_ratio' in r:
        text += ' (fastest: %s)' % r['best_ratio']
    return text


def unit(clock, value):
    if value is None:
        return '-'
    if value >= 1e6:
        text = '{:,.2f} M'.format(value / 1e6)
    else:
        text = '{:,.0f}'.format(value)
    return text + (' insn' if clock == 'icount' else ' ns')


def collect(boots):
    rows = []
    for boot in boots:
        for row in boot.rows + latency_rows(boot) + stream_rows(boot):
            row = dict(row)
            row['clock'] = boot.clock
            row['goal'] = goal(row['name'])
            rows.append(row)
    return rows


def payload_fit(rows):
    """Least-squares fit of ours' cost per notification over the payload
    rows: cost = a + b x bytes (the header of 40 bytes included)."""
    pts, clock = [], ''
    for r in rows:
        m = re.match(r'notify-payload-(\d+)$', r['name'])
        c = cost_per_op(r, 'ours') if m else None
        if c:
            pts.append((int(m.group(1)) + 40, c))
            clock = r['clock']
    if len(pts) < 3:
        return []
    n = len(pts)
    sx = sum(x for x, _ in pts)
    sy = sum(y for _, y in pts)
    sxx = sum(x * x for x, _ in pts)
    sxy = sum(x * y for x, y in pts)
    b = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    a = (sy - b * sx) / n
    u = 'insn' if clock == 'icount' else 'ns'
    out = ['', 'Payload scaling, ours: %s/notification = %.0f + %.3f x bytes '
           '(least squares over %d sizes).' % (u, a, b, n), '',
           '| bytes (header included) | measured %s | fit %s | residual |'
           % (u, u), '|---:|---:|---:|---:|']
    for x, y in pts:
        f = a + b * x
        out.append('| %d | %.0f | %.0f | %+.1f%% |' % (x, y, f,
                                                      100 * (y - f) / f))
    return out


def readers_scaling(rows):
    """Ours' cost per reader of the chan-readers-N rows, and how it grows
    against one reader (at most linear: per-reader cost not above N=1's)."""
    pts = []
    for r in rows:
        m = re.match(r'chan-readers-(\d+)$', r['name'])
        c = cost_per_op(r, 'ours') if m and 'na' not in r else None
        b = cost_per_op(r, 'base') if c else None
        if c and b:
            pts.append((int(m.group(1)), c, b, r['clock']))
    if not pts or pts[0][0] != 1:
        return []
    one, one_b = pts[0][1], pts[0][2]
    u = 'insn' if pts[0][3] == 'icount' else 'ns'
    out = ['', 'Readers, ours (channel) and baseline (control events): cost '
           'of one notification until the last reader has it, per reader, '
           'and against N x the cost with one reader (1.00 = linear):', '',
           '| readers | ours per reader (%s) | vs linear | baseline per '
           'reader (%s) | vs linear |' % (u, u), '|---:|---:|---:|---:|---:|']
    for n, c, b, _ in pts:
        out.append('| %d | %.0f | %.2f | %.0f | %.2f |' % (
            n, c / n, c / (n * one), b / n, b / (n * one_b)))
    return out


def report(args):
    boots = []
    for spec in args.logs:
        clock, path = spec.split('=', 1)
        boots.append(Boot(clock, path))
    meta = kv(args.meta)
    rows = collect(boots)
    out = []
    out.append('Measured on: host %s (%s CPUs), %s, TCG (no KVM), guest %s; '
               '%s repetitions of each side per row, about %s ms each, '
               'interleaved.' % (meta.get('host_cpu', '?'),
                                 meta.get('host_cpus', '?'),
                                 meta.get('qemu', '?'),
                                 '; '.join('%s boot: %s' % (b.clock, b.guest)
                                           for b in boots),
                                 meta.get('reps', '?'), meta.get('ms', '?')))
    out.append('')
    out.append('| Benchmark | clock | ours per op | baseline per op | ratio '
               '| spread | goal | allocs/op ours (slab+pages) '
               '| allocs/op baseline |')
    out.append('|---|---|---:|---:|---:|---|---|---|---|')
    for r in rows:
        if 'na' in r:
            out.append('| %s | %s | n/a | n/a | n/a (%s) | | %s | | |' % (
                r['name'], r['clock'], r['na'], r['goal']))
            continue
        if 'error' in r:
            out.append('| %s | %s | error %s | | | | %s | | |' % (
                r['name'], r['clock'], r['error'], r['goal']))
            continue
        o, b = cost_per_op(r, 'ours'), cost_per_op(r, 'base')
        out.append('| %s | %s | %s | %s | %s | %s–%s | %s | %s | %s |' % (
            r['name'], r['clock'], unit(r['clock'], o), unit(r['clock'], b),
            ratio_text(r), r.get('spread_min', '-'),
            r.get('spread_max', '-'), r['goal'],
            allocs(r.get('ours_allocs')), allocs(r.get('base_allocs'))))
    out.append('')
    out.append('clock: icount = guest time counts instructions (-icount '
               'shift=0, one CPU: 1 ns = 1 instruction), wall = ordinary '
               'TCG time (two CPUs). ratio = ours / baseline cost (above 1: '
               'ours is slower), of the medians; spread = lowest–highest '
               'ratio of a single repetition; fastest = ratio of each '
               'side\'s fastest repetition (wall rows).')
    out += payload_fit(rows)
    out += readers_scaling(rows)
    out.append('')
    for b in boots:
        for t in b.notes:
            out.append('- note (%s): %s' % (b.clock, t))
        for t in b.errors:
            out.append('- ERROR (%s): %s' % (b.clock, t))
        if not (b.rows or b.latency or b.stream):
            out.append('- ERROR (%s): no result rows (see the console log)'
                       % b.clock)
    print('\n'.join(out))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'meta': meta, 'rows': rows}, f, indent=1)
    return 0 if all((b.rows or b.latency or b.stream) and not b.errors
                    for b in boots) else 1


def fnum(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def compare(args):
    runs = []
    for spec in args.runs:
        label, path = spec.split('=', 1)
        with open(path) as f:
            runs.append((label, {r['name']: r for r in json.load(f)['rows']}))
    names = []
    for _, rows in runs:
        names += [n for n in rows if n not in names]
    head = '| Benchmark | clock | goal | per op, ours / baseline (%s) | ' % (
        runs[0][0]) + ' | '.join('%s ratio (spread)' % label
                                 for label, _ in runs)
    if len(runs) > 1:
        head += ' | %s / %s |' % (runs[-1][0], runs[0][0])
    else:
        head += ' |'
    out = [head, '|---|---|---|---:|' + '---|' * len(runs) +
           ('---:|' if len(runs) > 1 else '')]
    for n in names:
        cells, clock, g, per = [], '', '', '-'
        first = runs[0][1].get(n)
        if first and 'na' not in first and 'error' not in first:
            per = '%s / %s' % (unit(first['clock'], cost_per_op(first, 'ours')),
                               unit(first['clock'], cost_per_op(first, 'base')))
        for _, rows in runs:
            r = rows.get(n)
            if not r:
                cells.append('-')
                continue
            clock, g = r['clock'], r['goal']
            if 'na' in r:
                cells.append('n/a (%s)' % r['na'])
            elif 'error' in r:
                cells.append('error %s' % r['error'])
            else:
                cells.append('%s (%s–%s)' % (ratio_text(r),
                                             r.get('spread_min', '-'),
                                             r.get('spread_max', '-')))
        line = '| %s | %s | %s | %s | %s |' % (n, clock, g, per,
                                              ' | '.join(cells))
        if len(runs) > 1:
            first = fnum(runs[0][1].get(n, {}).get('ratio'))
            last = fnum(runs[-1][1].get(n, {}).get('ratio'))
            line += ' %s |' % ('%.3f' % (last / first)
                               if first and last else '-')
        out.append(line)
    print('\n'.join(out))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    rp = sub.add_parser('report')
    rp.add_argument('--meta', action='append', default=[],
                    metavar='KEY=VALUE')
    rp.add_argument('--json')
    rp.add_argument('logs', nargs='+', metavar='CLOCK=LOG')
    cp = sub.add_parser('compare')
    cp.add_argument('runs', nargs='+', metavar='LABEL=JSON')
    args = ap.parse_args()
    return report(args) if args.cmd == 'report' else compare(args)


if __name__ == '__main__':
    sys.exit(main())
