/**
 * No Docker engine runs on these machines, so the compose file and Dockerfile are checked
 * here: they parse, the image installs and starts with the README's own commands, and the
 * compose app, started as compose would start it, migrates its database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import pg from 'pg';
import { startServer } from './helpers/server-process.js';
import { createPgDatabase, describeWithPg } from './helpers/db.js';
import { loadConfig } from '../server/config.js';

const read = (f: string) => fs.readFileSync(f, 'utf8');

/** The shell commands of the README's fenced `sh` blocks, in order, each split on `&&`. */
function readmeCommandBlocks(readme: string): string[][] {
  return [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map(([, body]) =>
    body
      .split('\n')
      .filter((line) => line.trim() && !line.trim().startsWith('#'))
      .flatMap((line) => line.split('&&'))
      .map((c) => c.trim().replace(/\s+/g, ' ')),
  );
}

/** The Dockerfile's RUN commands (split on `&&`) and its CMD, as shell words joined by spaces. */
function dockerfileCommands(dockerfile: string) {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim());
  const run = lines.filter((l) => /^RUN /.test(l)).flatMap((l) => l.slice(4).split('&&')).map((c) => c.trim().replace(/\s+/g, ' '));
  const cmdLine = lines.filter((l) => /^CMD /.test(l)).at(-1);
  const cmd = cmdLine ? (JSON.parse(cmdLine.slice(4)) as string[]).join(' ') : undefined;
  return { run, cmd };
}

describe('deployment files', () => {
  const compose = YAML.parse(read('docker-compose.yml'));
  const dockerfile = read('Dockerfile');
  const readme = read('README.md');
  const [runBlock, testBlock] = readmeCommandBlocks(readme);

  it('compose runs PostgreSQL 16 and the app built from the Dockerfile, with data in volumes', () => {
    expect(compose.services.db.image).toBe('postgres:16');
    expect(compose.services.app.build).toBe('.');
    expect(compose.services.app.environment.DATABASE_URL).toMatch(/^postgres:\/\/.+@db:5432\//);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['pgdata', 'appdata']));
    expect(compose.services.db.volumes[0]).toMatch(/^pgdata:/);
  });

  it("compose's app waits for a healthy db, reaches it by its service name, and starts with the image's command", () => {
    const app = compose.services.app;
    expect(app.depends_on.db.condition).toBe('service_healthy');
    expect(compose.services.db.healthcheck.test.join(' ')).toMatch(/pg_isready/);
    const dbUrl = new URL(app.environment.DATABASE_URL);
    expect(dbUrl.hostname).toBe('db');
    expect(dbUrl.username).toBe(compose.services.db.environment.POSTGRES_USER);
    expect(dbUrl.pathname).toBe(`/${compose.services.db.environment.POSTGRES_DB}`);
    // No command or entrypoint of its own: the app starts (and so migrates) as the README says.
    expect(app.command).toBeUndefined();
    expect(app.entrypoint).toBeUndefined();
  });

  it("compose publishes the app directly, so its config trusts no client's X-Forwarded-For", () => {
    const app = compose.services.app;
    expect(app.ports).toEqual(['3000:3000']);
    const env = Object.fromEntries(Object.entries(app.environment as Record<string, string>).map(([k, v]) => [k, String(v)]));
    expect(env.TRUST_PROXY).toBe('false');
    expect(loadConfig({ ...env, JWT_SECRET: 'x' }).trustProxy).toBe(false);
  });

  it("the Dockerfile runs the README's install command and starts with its start command", () => {
    expect(runBlock.length).toBeGreaterThanOrEqual(2);
    const [start, ...install] = [...runBlock].reverse();
    const { run, cmd } = dockerfileCommands(dockerfile);
    for (const c of install) expect(run).toContain(c);
    expect(cmd).toBe(start);
    expect(dockerfile).toMatch(/^FROM node:20/m);
    // The web apps are built by the start command itself (npm's prestart), as for the README.
    const pkg = JSON.parse(read('package.json'));
    expect(start).toBe('npm start');
    expect(pkg.scripts.prestart).toMatch(/build-web/);
  });

  it("the README's test command is what CI runs", () => {
    expect(testBlock).toContain('npm test');
    const ci = read('.ci/run');
    for (const c of testBlock) expect(ci).toContain(c);
  });
});

describe('README', () => {
  const readme = read('README.md');
  const section = (heading: string) => {
    const start = readme.indexOf(`\n## ${heading}\n`);
    const end = readme.indexOf('\n## ', start + 1);
    return readme.slice(start, end < 0 ? undefined : end);
  };
  /** The backquoted names in the first column of a section's tables, table by table. */
  const tableVariables = (text: string) =>
    text.split(/\n\n(?=\|)/).slice(1).map((table) =>
      table.split('\n').filter((l) => l.startsWith('| `')).flatMap((l) => [...l.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1])),
    );

  it('keeps its order: what it is, run, test, configuration, performance, layout', () => {
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['Run it', 'Test it', 'Configuration', 'Performance', 'Layout']);
    expect(readme.indexOf('# E-service builder')).toBe(0);
  });

  it('documents, in its configuration table, every environment variable server/config.ts reads, and no other', () => {
    const source = read('server/config.ts');
    const readByConfig = new Set([...source.matchAll(/\b(?:process\.)?env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
    expect(readByConfig.size).toBeGreaterThanOrEqual(30);
    const [server] = tableVariables(section('Configuration'));
    expect([...readByConfig].filter((v) => !server.includes(v)).sort()).toEqual([]);
    expect(server.filter((v) => !readByConfig.has(v))).toEqual([]);
  });

  it('documents the variables the tests read', () => {
    const [, tests] = tableVariables(section('Configuration'));
    const sources = ['test/helpers/db.ts', 'test/e2e/helpers.ts', 'test/e2e/browser.ts', 'jest.config.js'].map(read).join('\n');
    const used = new Set([...sources.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
    expect([...used].filter((v) => !tests.includes(v)).sort()).toEqual([]);
  });
});

describe('repository layout', () => {
  it("has every folder the README's layout table names, each with something in it", () => {
    const readme = read('README.md');
    const layout = readme.slice(readme.indexOf('## Layout'));
    const rows = layout.split('\n').filter((l) => l.startsWith('| `'));
    const folders = rows.flatMap((l) => [...l.split('|')[1].matchAll(/`([a-z]+)\/`/g)].map((m) => m[1]));
    expect(folders).toEqual(expect.arrayContaining(['server', 'runtime', 'studio', 'portal', 'desk', 'ui', 'schemas', 'migrations', 'test', 'bench']));
    for (const folder of folders) {
      expect({ folder, exists: fs.existsSync(folder) && fs.readdirSync(folder).length > 0 }).toEqual({ folder, exists: true });
    }
  });
});

describeWithPg("compose's app started as compose starts it", () => {
  it('migrates an empty database at start and serves', async () => {
    const compose = YAML.parse(read('docker-compose.yml'));
    const db = await createPgDatabase();
    const tables = async () => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        return (await client.query("select table_name from information_schema.tables where table_schema = 'public'")).rows.map((r) => r.table_name as string);
      } finally {
        await client.end();
      }
    };
    await db.db.destroy();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esb-compose-'));
    const env = Object.fromEntries(Object.entries(compose.services.app.environment as Record<string, string>).map(([k, v]) => [k, String(v)]));
    try {
      // An empty database, as the db service's first start gives it.
      await dropAll(db.url!);
      expect(await tables()).toEqual([]);
      // The image's command (the README's start command) with compose's environment; only the
      // database address, the secret compose asks for and the port are this machine's.
      const server = await startServer({ ...env, DATABASE_URL: db.url!, JWT_SECRET: 'j'.repeat(40), HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir }, 180_000, { npm: true });
      try {
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
        expect(await tables()).toEqual(expect.arrayContaining(['kysely_migration', 'tenants', 'accounts', 'audit_log', 'services', 'dossiers']));
      } finally {
        await server.stop();
      }
    } finally {
      await db.close().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});

/** Empties a test database (its schema's tables and types), so that the app finds nothing. */
async function dropAll(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('drop schema public cascade; create schema public');
  } finally {
    await client.end();
  }
}
