/**
 * The top of a V8 CPU profile (`node --cpu-prof`, or `BENCH_CPU_PROF=1 npm run bench`):
 * self time per function and per package, so a profile can be read without a browser.
 *
 *   npx tsx bench/profile-top.ts bench/profiles/CPU.*.cpuprofile [rows]
 */
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const [file, rowsArg] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
const rows = Number(rowsArg ?? 30);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (!url) return '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  return url.replace(/^file:\/\/.*?\/(server|runtime|schemas)\//, '$1/');
};

const fns = new Map<string, number>();
const pkgs = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const f = `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  fns.set(f, (fns.get(f) ?? 0) + us);
  const p = /^\(/.test(n.callFrame.functionName) && !n.callFrame.url ? n.callFrame.functionName : where(n.callFrame.url).split('/')[0];
  pkgs.set(p, (pkgs.get(p) ?? 0) + us);
}
const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled over ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`);
console.log('\nself time by package or folder:');
for (const [p, us] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${pct(us)}  ${p}`);
console.log('\nself time by function:');
for (const [f, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${pct(us)}  ${f}`);
