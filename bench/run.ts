import * as calls from './calls';
import * as dataExport from './export';
import * as lifecycle from './lifecycle';
import * as liveCalls from './live-calls';
import * as messaging from './messaging';
import * as tenantScope from './tenant-scope';
import * as vmTimeout from './vm-timeout';

/** `npm run bench`: every benchmark, one after another, each printing its own figures. */
const benches: Array<{ name: string; run: () => Promise<void> }> = [
  { name: 'tenant-scope', ...tenantScope },
  { name: 'lifecycle', ...lifecycle },
  { name: 'calls', ...calls },
  { name: 'live-calls', ...liveCalls },
  { name: 'export', ...dataExport },
  { name: 'messaging', ...messaging },
  { name: 'vm-timeout', ...vmTimeout },
];

async function main(): Promise<void> {
  const only = process.argv[2];
  for (const bench of benches) {
    if (only && bench.name !== only) continue;
    await bench.run();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
