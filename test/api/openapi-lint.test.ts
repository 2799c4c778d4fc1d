import { startApi, type RunningApi } from '../support/api';
import { spawnEntry } from '../support/process';

/**
 * The API's contract as tools read it: the document served at /docs/openapi.json passes
 * Redocly's recommended rules, so generated clients get an operationId, a security scheme,
 * a server and the problem answers for every operation.
 */
describe('the OpenAPI document', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ env: { PUBLIC_BASE_URL: 'https://api.kestrel.test' } });
  });
  afterAll(() => api.close());

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const document = (await (await fetch(`${api.url}/docs/openapi.json`)).json()) as { paths: Record<string, unknown>; servers: unknown };
    const lint = spawnEntry('test/support/lint-openapi.ts', process.env, [`${api.url}/docs/openapi.json`]);
    expect(await lint.exited).toEqual({ code: 0, signal: null });
    const problems = JSON.parse(lint.output().trim().split('\n').at(-1)!) as Array<{ severity: string; rule: string; message: string; at: string }>;
    process.stdout.write(`openapi lint: ${Object.keys(document.paths).length} paths, ${problems.length} problems\n`);
    expect(problems.map((p) => `${p.severity} ${p.rule}: ${p.message} at ${p.at}`)).toEqual([]);
    expect(document.servers).toEqual([{ url: 'https://api.kestrel.test' }]);
  }, 60_000);
});
