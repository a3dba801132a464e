/**
 * The http connector calls only URLs under its allow-list, against a local HTTP server
 * started by the test (standing for the data-sharing platform).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowedUrl, createHttpConnector } from '../../../runtime/engine/http-connector.js';
import { createWorld, fixture, freshRuntime, Scenario, type World } from './harness.js';

let world: World;
let server: http.Server;
let base: string;
const received: Array<{ method?: string; url?: string; key?: string | string[]; body: string }> = [];

beforeAll(async () => {
  world = await createWorld();
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, key: req.headers['idempotency-key'], body });
      if (req.url?.startsWith('/api/missing')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such parcel"}');
      } else if (req.url?.startsWith('/api/redirect')) {
        res.writeHead(302, { location: 'http://example.invalid/' }).end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ parcel: '12-34', owner: 'Trần Thị B' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await world?.close();
});

function scenario(url: string, name = 'http-task') {
  const xml = fixture(name).replace('URL_PLACEHOLDER', url);
  return new Scenario(world, xml, (w) =>
    freshRuntime(w, { register: (r) => r.register('http', createHttpConnector({ allowedBaseUrls: [base], timeoutMs: 5000 })) }),
  );
}

describe('Given a service task calling the http connector (http-task.bpmn)', () => {
  it('When its URL is allowed, then it is called once and the JSON answer is put in the result variable', async () => {
    const s = scenario(`${base}land/lookup`);
    await s.start();
    const [outcome] = await s.runtime.runDueJobs(world.db, { now: new Date(), workerId: 'w' });
    expect(outcome.outcome).toBe('done');
    const call = received.at(-1)!;
    expect(call).toMatchObject({ method: 'POST', url: '/api/land/lookup', key: outcome.jobId });
    expect((await s.instance()).variables).toMatchObject({ landRecord: { status: 200, body: { parcel: '12-34', owner: 'Trần Thị B' } } });
    expect(await s.openTaskIds()).toEqual(['review']);
  });

  it('When its URL is outside the allow-list, then it is refused without a call and the job ends as an incident', async () => {
    const outside = base.replace('/api/', '/admin/secrets');
    const s = scenario(outside);
    const calls = received.length;
    const t0 = Date.now();
    await s.start();
    const outcomes = [];
    for (const seconds of [1, 20, 60]) outcomes.push(...(await s.runtime.runDueJobs(world.db, { now: new Date(t0 + seconds * 1000), workerId: 'w' })));
    expect(outcomes.map((o) => o.outcome)).toEqual(['retry', 'retry', 'incident']);
    expect(outcomes[0].error).toMatch(/is not under an allowed base URL/);
    expect(received.length).toBe(calls);
  });

  it('When the answer is a redirect, then it is not followed', async () => {
    const s = scenario(`${base}redirect`);
    await s.start();
    const [outcome] = await s.runtime.runDueJobs(world.db, { now: new Date(), workerId: 'w' });
    expect(outcome).toMatchObject({ outcome: 'retry', error: expect.stringMatching(/HTTP 302/) });
  });
});

describe('Given an http call whose errorCodes map 404 to "parcel-not-found", caught by a boundary error event (http-task-error.bpmn)', () => {
  it('When the platform answers 404, then the call is not retried and the process takes the boundary path', async () => {
    const s = scenario(`${base}missing/parcel`, 'http-task-error');
    const calls = received.length;
    const t0 = Date.now();
    await s.start();
    const outcome = (await s.runtime.runDueJobs(world.db, { now: new Date(t0 + 1000), workerId: 'w' })).find((o) => o.instanceId === s.instanceId);
    expect(outcome).toMatchObject({ outcome: 'done', elementId: 'lookup' });
    expect(received.slice(calls).filter((r) => r.url === '/api/missing/parcel')).toHaveLength(1);
    // Other scenarios share the database: only this instance's jobs count.
    const later = await s.runtime.runDueJobs(world.db, { now: new Date(t0 + 600_000), workerId: 'w' });
    expect(later.filter((o) => o.instanceId === s.instanceId)).toEqual([]);
    expect(await s.openTaskIds()).toEqual(['askCitizen']);
  });

  it('When the platform answers a status not in errorCodes, then it is a failure, retried', async () => {
    const s = scenario(`${base}redirect`, 'http-task-error');
    await s.start();
    const outcome = (await s.runtime.runDueJobs(world.db, { now: new Date(), workerId: 'w' })).find((o) => o.instanceId === s.instanceId);
    expect(outcome).toMatchObject({ outcome: 'retry', error: expect.stringMatching(/HTTP 302/) });
  });
});

describe('allowedUrl, the http connector\'s allow-list', () => {
  it('matches scheme, host, port and path boundary', () => {
    const bases = [new URL('https://lgsp.example.gov.vn/api/')];
    expect(allowedUrl('https://lgsp.example.gov.vn/api/land?x=1', bases).pathname).toBe('/api/land');
    for (const url of [
      'http://lgsp.example.gov.vn/api/land',
      'https://lgsp.example.gov.vn:8443/api/land',
      'https://lgsp.example.gov.vn/api2/land',
      'https://lgsp.example.gov.vn/api/../admin',
      'https://user:pw@lgsp.example.gov.vn/api/land',
      'https://lgsp.example.gov.vn.evil.test/api/land',
      'not a url',
    ]) {
      expect(() => allowedUrl(url, bases)).toThrow(expect.objectContaining({ code: 'connector.url_not_allowed' }));
    }
  });
});
