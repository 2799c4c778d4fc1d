import { freePort } from '../../runtime/ports';

export interface StartPorts {
  api: number;
  temporal: number;
  ui: number;
  sandbox: number;
}

/**
 * The environment `npm start` runs with in a test: free ports of its own, a data folder
 * of its own, the run's Postgres (DATABASE_URL) but a Temporal dev server of its own.
 * `overrides` win (an operator of the test's own, for example).
 */
export async function npmStartEnv(dataDir: string, overrides: NodeJS.ProcessEnv = {}): Promise<{ env: NodeJS.ProcessEnv; ports: StartPorts }> {
  const ports = { api: await freePort(), temporal: await freePort(), ui: await freePort(), sandbox: await freePort() };
  const { TEMPORAL_ADDRESS: _own, ADMIN_EMAIL: _email, ADMIN_PASSWORD: _password, ...rest } = process.env;
  const env = {
    ...rest,
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    API_PORT: String(ports.api),
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    SANDBOX_PORT: String(ports.sandbox),
    ...overrides,
  };
  return { env, ports };
}
