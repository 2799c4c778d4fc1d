import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { prepareDatabase } from '../db/bootstrap';
import { connectDatabase, createKnex, disconnectDatabase, withUrlParts } from '../db/connection';
import { CallLog, Tenant } from '../db/models';
import { withOperatorAccess, withTenant } from '../db/tenant-context';
import { findOrStartLocalPostgres } from '../runtime/postgres';

/**
 * What tenant isolation costs per unit of work: reading a tenant's 50 latest calls
 * through a model in a tenant scope (set_config + an RLS-filtered query without WHERE),
 * against the same transaction and query with an explicit WHERE as the tables' owner,
 * whom RLS does not filter here (no scope, no policy), on the same database in the same
 * run. Also the operator path (SET LOCAL ROLE). Prints ratios against the baseline.
 */
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);

/**
 * Runs the variants in turns (A B C, B C A, C A B, …) so that noise from the machine falls on all
 * of them alike; returns microseconds per operation for each.
 */
async function interleaved(variants: Record<string, () => Promise<unknown>>): Promise<Record<string, number>> {
  const names = Object.keys(variants);
  const total: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (let i = 0; i < 100; i++) for (const n of names) await variants[n]!(); // warm-up: pools, plans
  for (let i = 0; i < ITERATIONS; i++) {
    // Rotate the order each round, so no variant always runs first.
    for (const n of [...names.slice(i % names.length), ...names.slice(0, i % names.length)]) {
      const start = performance.now();
      await variants[n]!();
      total[n]! += performance.now() - start;
    }
  }
  return Object.fromEntries(names.map((n) => [n, (total[n]! * 1000) / ITERATIONS]));
}

export async function run(): Promise<void> {
  const base = process.env.BENCH_DATABASE_URL ?? (await findOrStartLocalPostgres({ dataDir: '.data', database: 'postgres', log: () => undefined })).url;
  const name = `kestrel_bench_${randomBytes(3).toString('hex')}`;
  const adminUrl = withUrlParts(base, { database: name });
  const appUrl = await prepareDatabase({ adminUrl, appRole: 'kestrel_app', appPassword: 'kestrel-app-local' });
  connectDatabase(appUrl, 4);
  const owner = createKnex(adminUrl, 2);
  try {
    // 20 tenants with 500 calls each, so RLS filters a realistic table.
    const tenantIds = await withOperatorAccess({ type: 'system', id: 'bench' }, async (trx) => {
      const ids: string[] = [];
      for (let t = 0; t < 20; t++) {
        const tenant = await Tenant.query().insertAndFetch({
          slug: `bench-${t}`, company_name: `Bench ${t}`, industry: 'hvac',
          owner_name: 'Owner', owner_email: `bench-${t}@example.com`, plan_tier: 'starter',
        });
        const rows = Array.from({ length: 500 }, (_, i) => ({
          tenant_id: tenant.id, call_sid: `CA${t}x${i}${randomBytes(8).toString('hex')}`, started_at: new Date(Date.now() - i * 60_000),
        }));
        await trx.batchInsert('call_logs', rows, 250);
        ids.push(tenant.id);
      }
      return ids;
    });
    await owner.raw('analyze');
    const tenantId = tenantIds[7]!;

    process.stdout.write(`tenant scope (${ITERATIONS} transactions each)\n`);
    // The owner here is a superuser, whom RLS never filters: the baseline has no isolation at all.
    const latest = async (q: ReturnType<typeof CallLog.query>) => q.orderBy('started_at', 'desc').limit(50);
    const us = await interleaved({
      'baseline: owner, transaction + WHERE': () => owner.transaction((trx) => latest(CallLog.query(trx).where('tenant_id', tenantId))),
      'withTenant + RLS, no WHERE': () => withTenant(tenantId, () => latest(CallLog.query())),
      'withOperatorAccess + WHERE': () =>
        withOperatorAccess({ type: 'system', id: 'bench' }, () => latest(CallLog.query().where('tenant_id', tenantId))),
    });
    const [baseline, ...others] = Object.entries(us);
    for (const [name, value] of Object.entries(us)) process.stdout.write(`  ${name.padEnd(40)} ${value.toFixed(0).padStart(6)} µs/op\n`);
    for (const [name, value] of others) process.stdout.write(`  ratio ${name} / baseline: ${(value / baseline![1]).toFixed(2)}\n`);
    const check = await withTenant(tenantId, () => CallLog.query().resultSize());
    if (check !== 500) throw new Error(`expected 500 calls in scope, saw ${check}`);
  } finally {
    await owner.destroy();
    await disconnectDatabase();
    const maintenance = createKnex(withUrlParts(adminUrl, { database: 'postgres' }), 1);
    await maintenance.raw('drop database if exists ?? with (force)', [name]);
    await maintenance.destroy();
  }
}
