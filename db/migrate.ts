import { config } from '../lib/config';
import { prepareDatabase } from './bootstrap';
import { redactUrl } from './connection';

/** `npm run migrate`: prepares the database named by DATABASE_URL (deployments run this before the API). */
async function main(): Promise<void> {
  const c = config();
  if (!c.DATABASE_URL) {
    process.stderr.write('DATABASE_URL: expected the URL of the database to migrate\n');
    process.exit(78);
  }
  const appUrl = await prepareDatabase({
    adminUrl: c.DATABASE_URL,
    appUrl: c.DATABASE_APP_URL,
    appRole: c.DATABASE_APP_ROLE,
    appPassword: c.DATABASE_APP_PASSWORD,
    log: (m) => process.stdout.write(`${m}\n`),
  });
  process.stdout.write(`database ready; the application connects as ${redactUrl(appUrl)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
