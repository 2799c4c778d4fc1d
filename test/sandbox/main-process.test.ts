import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(__dirname, '..', '..');

/** Starts `npm run sandbox`'s entry point on a free port and reads the URL from its log line. */
async function startProcess(): Promise<{ child: ChildProcess; url: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, SANDBOX_PORT: '0', LOG_LEVEL: 'info', SANDBOX_PERSIST: 'false' };
  for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'OPENAI_API_KEY', 'RESEND_API_KEY', 'SANDBOX_URL', 'SANDBOX_HOST']) delete env[name];
  const child = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'sandbox', 'main.ts')], { cwd: root, env });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const entry = JSON.parse(line) as { url?: string };
    if (entry.url) return { child, url: entry.url };
  }
  throw new Error('the sandbox exited before logging its URL');
}

describe('the sandbox process', () => {
  it('logs its URL, answers its health check and stops cleanly on SIGTERM', async () => {
    const { child, url } = await startProcess();
    try {
      const health = await fetch(`${url}/sandbox/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
