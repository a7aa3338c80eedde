#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: measure audmod against the kernel's own primitives, both in
# the same boot of the Debian stock kernel under QEMU (debug options would
# distort the ratios; TCG timings mean nothing alone, ratios do). Builds the
# modules against the stock headers, boots with scripts/guest/bench.sh as
# the payload, and prints a Markdown table (also kept as bench.md in the
# run directory, next to the console log).
#   BENCH_GROUPS  groups to run (default "sample notify scaling ctl latency
#                 stream")
#   BENCH_REPS    repetitions of each side per row, 5 to 31 (default 7)
#   BENCH_MS      target ms per repetition of one side (default 40)
#   BENCH_TIMEOUT QEMU backstop in seconds (default 1800)
# No thresholds: this reports, it never fails on a number.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
need_pkgs python3

groups=${BENCH_GROUPS:-sample notify scaling ctl latency stream}
reps=${BENCH_REPS:-7}
ms=${BENCH_MS:-40}

eval "$("$here/scripts/stock-kernel.sh")"
kver=$(basename "$KDIR" | sed 's/^linux-headers-//')
kernel=$ROOT/boot/vmlinuz-$kver

find "$CACHE" -maxdepth 1 -name 'run-*' -mtime +0 -exec rm -rf {} + 2>/dev/null || true
run=$(mktemp -d "$CACHE/run-bench.XXXXXX")
mkdir -p "$run/ko"
log "building modules against stock $kver"
build_modules "$KDIR" "$run/ko"
rm -f "$run"/ko/*-test.ko
{
	echo "BENCH_GROUPS='$groups'"
	echo "BENCH_REPS='$reps'"
	echo "BENCH_MS='$ms'"
	cat "$here/scripts/guest/bench.sh"
} >"$run/payload.sh"
"$here/scripts/mkinitramfs.sh" "$run/initrd.gz" "$kver" "$run/ko" "$run/payload.sh" "$ROOT"
log "booting the stock kernel $kver (benchmarks take a few minutes)"
"$here/scripts/qemu-run.sh" "$kernel" "$run/initrd.gz" "$run/console.log" \
	"${BENCH_TIMEOUT:-1800}"
log "console log: $run/console.log"

# The machine the numbers come from.
host_cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
host_cpus=$(nproc)
qemu_ver=$(qemu-system-x86_64 --version | head -n 1)

python3 - "$run/console.log" "$host_cpu" "$host_cpus" "$qemu_ver" "$groups" \
	"$reps" "$ms" >"$run/bench.md" <<'EOF'
import re
import sys

log, host_cpu, host_cpus, qemu_ver, groups, reps, ms = sys.argv[1:8]
stamp = re.compile(r'^\[\s*\d+\.\d+\]\s?')
report = re.compile(r'BUG: |WARNING: |Oops|general protection fault|'
                    r'Call Trace:|Kernel panic|AUDMOD-QEMU-TIMEOUT')
rows, notes, errors, guest, stream, latency = [], [], [], '', [], {}
for line in open(log, errors='replace'):
    line = stamp.sub('', line.rstrip('\n'))
    if report.search(line):
        errors.append('console: ' + line)
    if not line.startswith('AUDMOD-BENCH '):
        continue
    words = line.split()[1:]
    if not words:
        continue
    kind, rest = words[0], words[1:]
    if kind == 'row':
        kv = dict(w.split('=', 1) for w in rest[1:] if '=' in w)
        kv['name'] = rest[0]
        rows.append(kv)
    elif kind == 'note':
        notes.append(' '.join(rest))
    elif kind == 'error':
        errors.append(' '.join(rest))
    elif kind == 'guest':
        guest = ' '.join(rest)
    elif kind == 'stream':
        stream.append(dict(w.split('=', 1) for w in rest if '=' in w))
    elif kind == 'latency' and rest:
        latency[rest[0]] = dict(w.split('=', 1) for w in rest[1:] if '=' in w)

GOALS = [('sample-', '<= 1.25'), ('notify-alloc-', '<= 1.05'),
         ('notify-modules-', 'flat (~1.00)'), ('notify-payload-', 'linear'),
         ('ctl-event-', '<= 1.10')]


def goal(name):
    for prefix, g in GOALS:
        if name.startswith(prefix):
            return g
    return ''


def allocs(v):
    # "S+P/C": slab objects + pages over C operations, as per-op figures.
    if not v or v == '?':
        return 'unknown'
    m = re.match(r'(\d+)\+(\d+)/(\d+)$', v)
    if not m:
        return v
    s, p, c = (int(x) for x in m.groups())
    return '%g+%g' % (round(s / c, 3), round(p / c, 3))


def ops(v):
    return '{:,}'.format(int(v)) if v and v.isdigit() else '-'


out = []
out.append('Measured on: host %s (%s CPUs), %s, TCG (no KVM), guest -smp 2 '
           '-m 2048, %s; %s repetitions of each side per row, about %s ms '
           'each, interleaved.' % (host_cpu, host_cpus, qemu_ver, guest or
                                   'stock kernel', reps, ms))
out.append('')
out.append('| Benchmark | ours ops/s | baseline ops/s | ratio | spread | goal '
           '| allocs/op ours (slab+pages) | allocs/op baseline |')
out.append('|---|---:|---:|---:|---|---|---|---|')
for r in rows:
    if 'error' in r:
        out.append('| %s | error %s | | | | %s | | |' % (r['name'], r['error'],
                                                     goal(r['name'])))
        continue
    out.append('| %s | %s | %s | %s | %s–%s | %s | %s | %s |' % (
        r['name'], ops(r.get('ours_ops')), ops(r.get('base_ops')),
        r.get('ratio', '-'), r.get('spread_min', '-'), r.get('spread_max', '-'),
        goal(r['name']), allocs(r.get('ours_allocs')),
        allocs(r.get('base_allocs'))))
out.append('')
out.append('ratio = median baseline ops/s / median ours ops/s (the cost of '
           'ours relative to the baseline; above 1 = ours slower); spread = '
           'lowest–highest per-repetition ratio.')

# Payload scaling: fit ns/notification = a + b * bytes (least squares).
pts = []
for r in rows:
    m = re.match(r'notify-payload-(\d+)$', r['name'])
    if m and r.get('ours_ops', '0').isdigit() and int(r['ours_ops']) > 0:
        pts.append((int(m.group(1)) + 40, 1e9 / int(r['ours_ops'])))
if len(pts) >= 3:
    n = len(pts)
    sx = sum(x for x, _ in pts)
    sy = sum(y for _, y in pts)
    sxx = sum(x * x for x, _ in pts)
    sxy = sum(x * y for x, y in pts)
    b = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    a = (sy - b * sx) / n
    out.append('')
    out.append('Payload scaling, ours: ns/notification = %.0f + %.3f x bytes '
               '(least squares over %d sizes).' % (a, b, n))
    out.append('')
    out.append('| bytes (header included) | measured ns | fit ns | residual |')
    out.append('|---:|---:|---:|---:|')
    for x, y in pts:
        f = a + b * x
        out.append('| %d | %.0f | %.0f | %+.1f%% |' % (x, y, f,
                                                      100 * (y - f) / f))


def median(v):
    v = sorted(v)
    h = len(v) // 2
    return v[h] if len(v) % 2 else (v[h - 1] + v[h]) / 2


if 'all' in latency:
    a = latency['all']
    per = [v for k, v in latency.items() if k.startswith('rep=')]
    out.append('')
    out.append('Send to a userspace reader (poll() on the control device, '
               'event read, ELEM_READ of the value), in us: %s samples of '
               'each side over %d repetitions; spread = lowest–highest '
               'per-repetition ratio:' % (a['n'], len(per)))
    out.append('')
    out.append('| Path | ours | plain control | ratio | spread |')
    out.append('|---|---:|---:|---:|---|')
    for q in ('p50', 'p99'):
        o, b = int(a['ours_' + q]), int(a['base_' + q])
        rs = [int(r['ours_' + q]) / int(r['base_' + q]) for r in per
              if int(r['base_' + q]) > 0]
        out.append('| send-to-reader-%s | %.1f | %.1f | %s | %s |' % (
            'median' if q == 'p50' else q, o / 1000.0, b / 1000.0,
            '%.3f' % (o / b) if b else '-',
            '%.3f–%.3f' % (min(rs), max(rs)) if rs else '-'))
if stream:
    hz = int(stream[0].get('hz', '100'))
    o = [int(x['ours_ticks']) for x in stream]
    b = [int(x['base_ticks']) for x in stream]
    per = [oi / bi for oi, bi in zip(o, b) if bi > 0]
    mo, mb = median(o), median(b)
    out.append('')
    out.append('Streaming, 10 s of 48 kHz S16 stereo playback + capture at '
               'once (guest CPU time, all CPUs, from /proc/stat; %d '
               'repetitions, interleaved; goal <= 1.2):' % len(stream))
    out.append('')
    out.append('| Stream | ours CPU ms | snd-dummy CPU ms | ratio | spread |')
    out.append('|---|---:|---:|---:|---|')
    out.append('| stream-48k-s16-2ch-play+capture | %.0f | %.0f | %s | %s |' % (
        1000.0 * mo / hz, 1000.0 * mb / hz,
        '%.3f' % (mo / mb) if mb else '-',
        '%.3f–%.3f' % (min(per), max(per)) if per else '-'))
if notes or errors:
    out.append('')
    for t in notes:
        out.append('- note: ' + t)
    for t in errors:
        out.append('- ERROR: ' + t)
if not rows:
    out.append('')
    out.append('- ERROR: no result rows (see the console log)')
print('\n'.join(out))
EOF
cat "$run/bench.md"
echo
echo "command: make bench BENCH_GROUPS='$groups' BENCH_REPS=$reps BENCH_MS=$ms"
grep -q '^| ' "$run/bench.md" && ! grep -q 'ERROR' "$run/bench.md"
