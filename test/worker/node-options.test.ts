import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { WORKER_NODE_OPTIONS } from '../../worker/node-options';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe("a worker process's Node options", () => {
  it('are on the command line of `npm run worker`, before the entry point', () => {
    const script = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.worker!.split(/\s+/);
    expect(script.slice(0, -1)).toEqual(['tsx', ...WORKER_NODE_OPTIONS]);
    expect(script.at(-1)).toBe('worker/main.ts');
  });

  it("are on the command line of docker-compose's worker, before the entry point", () => {
    const compose = parse(read('docker-compose.yml')) as { services: Record<string, { command?: string[] }> };
    const command = compose.services.worker!.command!;
    expect(command.slice(0, 1 + WORKER_NODE_OPTIONS.length)).toEqual(['node', ...WORKER_NODE_OPTIONS]);
    expect(command.at(-1)).toBe('worker/main.ts');
  });

  it('are flags this Node starts with (it refuses an unknown one)', () => {
    const started = spawnSync(process.execPath, [...WORKER_NODE_OPTIONS, '-e', '0'], { encoding: 'utf8' });
    expect({ status: started.status, stderr: started.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
