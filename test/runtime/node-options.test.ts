import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SERVER_NODE_OPTIONS } from '../../runtime/node-options';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe("the API's and the workers' Node options", () => {
  it.each(['api', 'worker'])('are on the command line of `npm run %s`, before its entry point', (part) => {
    const script = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts[part]!.split(/\s+/);
    expect(script).toEqual(['tsx', ...SERVER_NODE_OPTIONS, `${part}/main.ts`]);
  });

  it.each(['api', 'worker'])("are on the command line of docker-compose's %s, before its entry point", (part) => {
    const compose = parse(read('docker-compose.yml')) as { services: Record<string, { command?: string[] }> };
    expect(compose.services[part]!.command).toEqual(['node', ...SERVER_NODE_OPTIONS, '--import', 'tsx', `${part}/main.ts`]);
  });

  it("are on the command line of the image's own command (the API)", () => {
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'))?.[1];
    expect(JSON.parse(cmd ?? 'null')).toEqual(['node', ...SERVER_NODE_OPTIONS, '--import', 'tsx', 'api/main.ts']);
  });

  it('are flags this Node starts with (it refuses an unknown one)', () => {
    const started = spawnSync(process.execPath, [...SERVER_NODE_OPTIONS, '-e', '0'], { encoding: 'utf8' });
    expect({ status: started.status, stderr: started.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
