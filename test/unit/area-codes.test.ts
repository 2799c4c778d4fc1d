import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GEOGRAPHIC_AREA_CODES } from '../../runtime/area-codes';
import { knownAreaCodes } from '../../sandbox/twilio/area-codes';
import { areaCodeClaims, claimAreaCode } from '../support/area-codes';
import { ROOT, spawnEntry } from '../support/process';
import { SANDBOX_SENDER_AREA_CODE } from '../../api/auth/text-messages';

describe('area code claims', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kestrel-area-code-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hands out a different geographic code on each free claim, never one the sandbox knows a city for', () => {
    const claims = areaCodeClaims(dir, 'one file');
    const codes = [claims.claim(), claims.claim(), claims.claim()];
    expect(new Set(codes).size).toBe(3);
    for (const code of codes) {
      expect(GEOGRAPHIC_AREA_CODES).toContain(code);
      expect(knownAreaCodes.map((a) => a.code)).not.toContain(code);
    }
    expect(readdirSync(dir).sort()).toEqual([...codes].sort());
  });

  it('gives a named code to the first file that asks, and tells the next who has it', () => {
    expect(areaCodeClaims(dir, 'test/lifecycle/whole-life.test.ts').claim('857')).toBe('857');
    expect(() => areaCodeClaims(dir, 'test/calls/calls.test.ts').claim('857')).toThrow('area code 857 is already claimed by test/lifecycle/whole-life.test.ts');
  });

  it('skips a code another file claimed by name', () => {
    const firstFree = GEOGRAPHIC_AREA_CODES.find((code) => !knownAreaCodes.some((a) => a.code === code))!;
    areaCodeClaims(dir, 'named').claim(firstFree);
    const free = areaCodeClaims(dir, 'free').claim();
    expect(free).not.toBe(firstFree);
    expect(readFileSync(path.join(dir, firstFree), 'utf8')).toBe('named');
    expect(readFileSync(path.join(dir, free), 'utf8')).toBe('free');
  });

  it('refuses what is not an area code', () => {
    const claims = areaCodeClaims(dir, 'a file');
    expect(() => claims.claim('123')).toThrow('123 is not a North American area code');
    expect(() => claims.claim('85')).toThrow('85 is not a North American area code');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says so when every code is taken', () => {
    const claims = areaCodeClaims(dir, 'a greedy file');
    const free = GEOGRAPHIC_AREA_CODES.filter((code) => !knownAreaCodes.some((a) => a.code === code) && code !== SANDBOX_SENDER_AREA_CODE);
    for (let i = 0; i < free.length; i++) claims.claim();
    expect(() => claims.claim()).toThrow(`every area code is claimed (see ${dir})`);
  });

  it('never gives one code to two processes claiming at the same moment', async () => {
    const perProcess = 30;
    const script = path.join(dir, 'claim.ts');
    // Each process waits for the go file, so the claims run side by side rather than one after another.
    writeFileSync(
      script,
      [
        `import { existsSync } from 'node:fs';`,
        `import { areaCodeClaims } from ${JSON.stringify(path.join(ROOT, 'test/support/area-codes'))};`,
        `const [claimsDir, go, name] = process.argv.slice(2) as [string, string, string];`,
        `process.stdout.write('ready\\n');`,
        `while (!existsSync(go)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);`,
        `const claims = areaCodeClaims(claimsDir, name);`,
        `const codes: string[] = [];`,
        `for (let i = 0; i < ${perProcess}; i++) codes.push(claims.claim());`,
        `process.stdout.write(JSON.stringify(codes) + '\\n');`,
      ].join('\n'),
    );
    const claimsDir = path.join(dir, 'claims');
    const go = path.join(dir, 'go');
    mkdirSync(claimsDir);
    const children = ['a', 'b', 'c', 'd'].map((name) => ({ name, process: spawnEntry(path.relative(ROOT, script), { PATH: process.env.PATH }, [claimsDir, go, name]) }));
    await Promise.all(children.map((c) => c.process.waitFor(/ready/)));
    writeFileSync(go, '');
    const results = await Promise.all(
      children.map(async (c) => {
        const output = await c.process.waitFor(/\[.*\]/);
        expect(await c.process.exited).toEqual({ code: 0, signal: null });
        return { name: c.name, codes: JSON.parse(/\[.*\]/.exec(output)![0]) as string[] };
      }),
    );

    const all = results.flatMap((r) => r.codes);
    expect(all).toHaveLength(4 * perProcess);
    expect(new Set(all).size).toBe(all.length);
    for (const { name, codes } of results) {
      for (const code of codes) expect(readFileSync(path.join(claimsDir, code), 'utf8')).toBe(name);
    }
  });
});

describe('claimAreaCode', () => {
  it("claims in the run's directory, in the name of the test file", () => {
    const code = claimAreaCode();
    expect(() => claimAreaCode(code)).toThrow(`area code ${code} is already claimed by test/unit/area-codes.test.ts`);
  });
});
