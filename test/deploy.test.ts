/**
 * No Docker engine runs on these machines, so the compose file and Dockerfile are checked
 * here: they parse, and the image installs and starts with the README's own commands.
 */
import fs from 'node:fs';
import YAML from 'yaml';

const read = (f: string) => fs.readFileSync(f, 'utf8');

describe('deployment files', () => {
  const compose = YAML.parse(read('docker-compose.yml'));
  const dockerfile = read('Dockerfile');
  const readme = read('README.md');

  it('compose runs PostgreSQL 16 and the app built from the Dockerfile, with data in volumes', () => {
    expect(compose.services.db.image).toBe('postgres:16');
    expect(compose.services.app.build).toBe('.');
    expect(compose.services.app.environment.DATABASE_URL).toMatch(/^postgres:\/\/.+@db:5432\//);
    expect(compose.services.app.depends_on.db.condition).toBe('service_healthy');
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['pgdata', 'appdata']));
    expect(compose.services.db.volumes[0]).toMatch(/^pgdata:/);
  });

  it('the Dockerfile installs and starts with the same commands as the README', () => {
    const runLine = /```sh\n(npm ci && npm start)\n```/.exec(readme);
    expect(runLine).not.toBeNull();
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
    expect(dockerfile).toMatch(/^CMD \["npm", "start"\]$/m);
    expect(dockerfile).toMatch(/^FROM node:20/m);
    const pkg = JSON.parse(read('package.json'));
    expect(pkg.scripts.start).toBeDefined();
  });

  it('the README gives the test command that CI runs', () => {
    expect(readme).toMatch(/```sh\nnpm ci && npm test\n```/);
    expect(read('.ci/run')).toMatch(/npm test/);
  });
});
