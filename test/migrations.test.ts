/**
 * Landed migrations are frozen: a database that ran one never runs it again, so an edit
 * would make installations differ. Each file's SHA-256 is kept in migrations.sha256.json;
 * a new migration is added there (and to migrations/index.ts) when it lands.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from '../migrations/index.js';

const DIR = 'migrations';
const MANIFEST = path.join('test', 'migrations.sha256.json');
const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
const files = fs.readdirSync(DIR).filter((f) => /^\d{4}_\d{2}_\d{2}_\d{3}_.+\.ts$/.test(f)).sort();
// Line endings normalised, so a checkout with CRLF conversion reads the same migration.
const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(path.join(DIR, file), 'utf8').replace(/\r\n/g, '\n')).digest('hex');

describe('landed migrations', () => {
  it('are each unchanged since they landed (their SHA-256 matches the manifest)', () => {
    const changed = files.filter((f) => manifest[f] !== undefined && manifest[f] !== sha256(f));
    expect(changed).toEqual([]);
  });

  it('are all in the manifest, and none in it is gone', () => {
    expect(files.filter((f) => !(f in manifest))).toEqual([]);
    expect(Object.keys(manifest).filter((f) => !files.includes(f))).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(11);
  });

  it('are each registered in migrations/index.ts under its file name', () => {
    expect(Object.keys(migrations).sort()).toEqual(files.map((f) => f.replace(/\.ts$/, '')));
  });
});
