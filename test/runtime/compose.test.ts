import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * docker-compose.yml as someone deploying it reads it: only the API is reachable from other
 * machines; Temporal (no authentication of its own), its UI and the provider sandbox (whose
 * mailbox holds invitation links) are not, and the sandbox runs only when asked for.
 */
describe('docker-compose.yml', () => {
  type Service = { ports?: string[]; profiles?: string[]; environment?: Record<string, string> };
  const compose = parse(readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
  const services = compose.services;

  it('publishes only the API on every interface; the rest on loopback at most', () => {
    const published = Object.entries(services).flatMap(([name, s]) => (s.ports ?? []).map((port) => ({ name, port: String(port) })));
    const everywhere = published.filter(({ port }) => !port.startsWith('127.0.0.1:'));
    expect(everywhere).toEqual([{ name: 'api', port: '3000:3000' }]);
    expect(services.temporal!.ports).toBeUndefined();
  });

  it('leaves the provider sandbox out unless its profile is asked for', () => {
    expect(services.sandbox!.profiles).toEqual(['sandbox']);
  });

  it('carries no default secret: the application role has no password unless one is given', () => {
    expect(services.api!.environment!.DATABASE_APP_PASSWORD).toBe('${DATABASE_APP_PASSWORD:-}');
  });
});

/** The image as someone running it in production reads the Dockerfile. */
describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.resolve(__dirname, '../../Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds in one stage and runs a production-only install as a user other than root', () => {
    expect(stages).toHaveLength(2);
    const image = stages[1]!;
    expect(image).toMatch(/npm ci --omit=dev/);
    expect(image).toMatch(/^USER node$/m);
    expect(image).toMatch(/^HEALTHCHECK /m);
    // Node is process 1, so SIGTERM reaches the graceful shutdown (its options: node-options.test.ts).
    expect(image).toMatch(/^CMD \["node", (?:"[^"]+", )*"--import", "tsx", "api\/main.ts"\]$/m);
  });

  it('gives each compose service that serves no HTTP no health check to fail', () => {
    const compose = parse(readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8')) as { services: Record<string, { build?: string; healthcheck?: { disable?: boolean } }> };
    const built = Object.entries(compose.services).filter(([, s]) => s.build);
    expect(built.filter(([name, s]) => name !== 'api' && !s.healthcheck?.disable).map(([name]) => name)).toEqual([]);
  });
});
