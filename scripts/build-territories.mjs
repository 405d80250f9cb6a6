#!/usr/bin/env node
// Builds src/Domain/Territories/territories.tsv.gz from the npm package @etalab/decoupage-administratif (MIT):
// régions, départements (with their région), current communes (INSEE code, département, EPCI, name).
// Usage: node scripts/build-territories.mjs [path/to/package]   (default: installs the pinned version in a temporary folder)
// The package holds no adjacency of départements, so the "adjacent départements" perimeter is not offered.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const name = '@etalab/decoupage-administratif';
const version = '6.0.0';
let root = process.argv[2];
if (!root) {
  const dir = mkdtempSync(join(tmpdir(), 'territories-'));
  execFileSync('npm', ['pack', `${name}@${version}`, '--silent'], { cwd: dir });
  execFileSync('tar', ['xzf', `etalab-decoupage-administratif-${version}.tgz`], { cwd: dir });
  root = join(dir, 'package');
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (pkg.version !== version) throw new Error(`expected ${name} ${version}, found ${pkg.version}`);
const data = (file) => JSON.parse(readFileSync(join(root, 'data', file), 'utf8'));
const clean = (text) => text.replace(/[\t\r\n]/g, ' ');

const epciOf = new Map();
for (const epci of data('epci.json')) for (const member of epci.membres) epciOf.set(member.code, epci.code);
const lines = [`# source: npm ${name} ${version} (${pkg.license}), data/regions.json, departements.json, communes.json, epci.json`,
  '# R<TAB>région code<TAB>name | D<TAB>département code<TAB>région code<TAB>name | C<TAB>INSEE code<TAB>département<TAB>EPCI SIREN or empty<TAB>name'];
for (const r of data('regions.json')) lines.push(['R', r.code, clean(r.nom)].join('\t'));
for (const d of data('departements.json')) lines.push(['D', d.code, d.region, clean(d.nom)].join('\t'));
const communes = data('communes.json').filter((c) => c.type === 'commune-actuelle').sort((a, b) => a.code.localeCompare(b.code));
for (const c of communes) lines.push(['C', c.code, c.departement, epciOf.get(c.code) ?? '', clean(c.nom)].join('\t'));

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'Workflow', 'Territories', 'territories.tsv.gz');
writeFileSync(out, gzipSync(Buffer.from(lines.join('\n') + '\n', 'utf8'), { level: 9, mtime: 0 }));
console.log(`${out}: ${communes.length} communes from ${name} ${version}`);
