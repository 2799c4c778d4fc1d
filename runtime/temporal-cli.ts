import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds the Temporal CLI (which runs the local dev server), building it from the Go
 * module proxy into the project's `.tools/bin` when it is not installed. No npm package
 * ships it; v1.5.1 is the newest tag that `go install module@version` accepts.
 */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
export const TOOLS_BIN = path.resolve(__dirname, '..', '.tools', 'bin');

export function findTemporalCli(): string | undefined {
  const candidates = [process.env.TEMPORAL_CLI, path.join(TOOLS_BIN, 'temporal')];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  const onPath = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' });
  const found = onPath.stdout.trim();
  return onPath.status === 0 && found ? found : undefined;
}

export async function ensureTemporalCli(log: (message: string) => void = console.log): Promise<string> {
  const found = findTemporalCli();
  if (found) return found;

  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    throw new Error(
      'The Temporal CLI is not installed and Go is not available to build it. Install Go, or the ' +
        'Temporal CLI (https://docs.temporal.io/cli), or set TEMPORAL_ADDRESS to an existing server.',
    );
  }
  log(
    `Building the Temporal CLI (${TEMPORAL_CLI_MODULE}) into .tools/bin: a one-time step that ` +
      'usually takes 5–10 minutes on a fresh machine, under a minute once Go has its modules cached.',
  );
  mkdirSync(TOOLS_BIN, { recursive: true });
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['install', TEMPORAL_CLI_MODULE], {
      env: { ...process.env, GOBIN: TOOLS_BIN, GOFLAGS: '-buildvcs=false' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install exited with ${code}`))));
  });
  const cli = path.join(TOOLS_BIN, 'temporal');
  log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s: ${cli}`);
  return cli;
}

if (require.main === module) {
  ensureTemporalCli()
    .then((cli) => console.log(cli))
    .catch((error: Error) => {
      console.error(error.message);
      process.exit(1);
    });
}
