#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the project's DT bindings and the test boards' nodes against them.

  dt_check.py BINDINGS_DIR DTSI...

Debian 12's dt-schema is too old for the kernel's meta-schema, so this
checks what our bindings use, itself: each binding is valid YAML with the
keys a binding must have ($id naming the file, $schema, title, maintainers,
compatible, "#sound-dai-cells", required, examples); every example and
every board file compiles with dtc without a warning; and every node of
those whose compatible a binding claims has the required properties, no
property the binding (with dai-common.yaml) does not list, and the
binding's constant values. Prints one line per finding; exits 1 on any.
"""
import glob
import os
import subprocess
import sys
import tempfile

import yaml

# dtc tags cell types (!u8, !u16, !u64, !phandle): keep the value.
for tag in ('!u8', '!u16', '!u64', '!phandle'):
    yaml.SafeLoader.add_constructor(
        tag, lambda loader, node: (loader.construct_sequence(node)
                                   if isinstance(node, yaml.SequenceNode)
                                   else loader.construct_scalar(node)))

# Properties dai-common.yaml gives every DAI binding that $refs it.
DAI_COMMON = {'sound-name-prefix'}
# What dtc adds itself to a node that is referenced.
ALWAYS = {'phandle'}
errors = []


def err(msg):
    errors.append(msg)
    print('error: ' + msg)


def dtc_nodes(src, what):
    """Compile DTS source with dtc; return its nodes as (path, props)."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, 'in.dts')
        with open(path, 'w') as f:
            f.write('/dts-v1/;\n' + src)
        r = subprocess.run(['dtc', '-I', 'dts', '-O', 'yaml', path],
                           capture_output=True, text=True)
    if r.returncode or r.stderr.strip():
        err('%s: dtc: %s' % (what, r.stderr.strip() or 'failed'))
        return []
    out = []

    def walk(node, path):
        props = {k: v for k, v in node.items() if not isinstance(v, dict)}
        out.append((path, props, node))
        for k, v in node.items():
            if isinstance(v, dict):
                walk(v, path + '/' + k)
    for tree in yaml.safe_load(r.stdout):
        walk(tree, '')
    return out


def load_binding(path):
    with open(path) as f:
        b = yaml.safe_load(f)
    name = os.path.basename(path)
    for key in ('$id', '$schema', 'title', 'maintainers', 'properties',
                'required', 'examples'):
        if key not in b:
            err('%s: no %s' % (name, key))
            return None
    if not b['$id'].endswith('/' + name + '#'):
        err('%s: $id %s does not name the file' % (name, b['$id']))
    props = b['properties']
    for key in ('compatible', '#sound-dai-cells'):
        if key not in props or key not in b['required']:
            err('%s: %s must be a required property' % (name, key))
    if props.get('#sound-dai-cells', {}).get('const') != 0:
        err('%s: #sound-dai-cells must be const 0 (one DAI)' % name)
    refs = [a.get('$ref') for a in b.get('allOf', [])]
    b['_allowed'] = set(props) | (DAI_COMMON if 'dai-common.yaml#' in refs else set())
    b['_name'] = name
    return b


def check_node(b, path, props, node, what):
    for key in b['required']:
        if key not in node:
            err('%s: %s lacks required %s' % (what, path, key))
    for key in node:
        if key not in b['_allowed'] | ALWAYS and b.get('unevaluatedProperties') is False:
            err('%s: %s: %s is not in %s' % (what, path, key, b['_name']))
    for key, schema in b['properties'].items():
        if key not in props or not isinstance(schema, dict) or 'const' not in schema:
            continue
        want = schema['const']
        got = props[key]
        ok = got == [want] if isinstance(want, str) else got == [[want]]
        if not ok:
            err('%s: %s: %s is %r, %s wants %r' % (what, path, key, got, b['_name'], want))


def main():
    bdir, boards = sys.argv[1], sys.argv[2:]
    bindings = [b for b in (load_binding(p) for p in
                            sorted(glob.glob(os.path.join(bdir, '*.yaml')))) if b]
    if not bindings:
        err('no bindings in ' + bdir)
    by_compat = {b['properties']['compatible'].get('const'): b for b in bindings}
    sources = []
    for b in bindings:
        for i, ex in enumerate(b['examples']):
            sources.append(('%s example %d' % (b['_name'], i), '/ {\n%s\n};\n' % ex))
    for p in boards:
        with open(p) as f:
            sources.append((os.path.basename(p), f.read()))
    checked = 0
    for what, src in sources:
        for path, props, node in dtc_nodes(src, what):
            for c in props.get('compatible', []):
                if c in by_compat:
                    check_node(by_compat[c], path, props, node, what)
                    checked += 1
    print('%d bindings, %d sources, %d nodes checked, %d errors' %
          (len(bindings), len(sources), checked, len(errors)))
    return 1 if errors or not checked else 0


if __name__ == '__main__':
    sys.exit(main())
