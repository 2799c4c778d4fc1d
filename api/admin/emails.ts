import type { Knex } from 'knex';
import { z } from 'zod';
import { withOperatorAccess } from '../../db/tenant-context';
import { AdminRouter } from '../auth/operator-access';
import { Problem } from '../problem';
import { containsPattern, contentRange, listQuery } from './list-query';
import { operatorActor } from '../auth/authenticate';


const uuids = z.union([z.uuid(), z.array(z.uuid()).max(1000)]);
const words = z.string().max(100);

const SORTABLE = ['created_at', 'sent_at', 'status'] as const;
const filter = z.object({
  id: uuids.optional(),
  tenant_id: uuids.optional(),
  template: z.union([words, z.array(words)]).optional(),
  status: z.union([words, z.array(words)]).optional(),
  q: z.string().max(200).optional(),
});

const idParams = z.object({ id: z.uuid() });

const emailSchema = z.object({
  id: z.uuid(),
  tenant_id: z.uuid().nullable().describe('null for mail to the operators that concerns no one tenant'),
  company_name: z.string().nullable(),
  channel: z.enum(['email', 'sms']),
  template: z.string(),
  recipient: z.string(),
  subject: z.string().nullable(),
  status: z.string().describe('pending, retrying, sent or failed'),
  provider_id: z.string().nullable(),
  error: z.string().nullable(),
  sent_at: z.string().nullable(),
  created_at: z.string(),
});

const COLUMNS = [
  'n.id',
  'n.tenant_id',
  't.company_name',
  'n.channel',
  'n.template',
  'n.recipient',
  'n.subject',
  'n.status',
  'n.provider_id',
  'n.error',
  'n.sent_at',
  'n.created_at',
];

// Operators' own mail has no tenant, hence the outer join.
const notifications = (trx: Knex.Transaction) => trx('notifications as n').leftJoin('tenants as t', 't.id', 'n.tenant_id');

/** The log of every email (and SMS) the platform sent or tried to send: the `notifications` table. */
export function adminEmailRoutes(): AdminRouter {
  return new AdminRouter()
    .endpoint(
      {
        method: 'get',
        path: '/emails',
        access: { permission: 'tenants:read' },
        summary: 'List sent emails (sort, range, filter: id, tenant_id, template, status, q over recipient and subject)',
        tags: ['admin', 'emails'],
        query: listQuery(SORTABLE, filter),
        responses: { 200: { description: 'Emails; the total is in Content-Range', schema: z.array(emailSchema) } },
      },
      async ({ query }, req, res) => {
        const [first, last] = query.range ?? [0, 24];
        const [field, order] = query.sort ?? ['created_at', 'DESC'];
        const f = query.filter ?? {};
        const { rows, total } = await withOperatorAccess(operatorActor(req), async (trx) => {
          const base = notifications(trx).modify((q) => {
            if (f.id) q.whereIn('n.id', ([] as string[]).concat(f.id));
            if (f.tenant_id) q.whereIn('n.tenant_id', ([] as string[]).concat(f.tenant_id));
            if (f.template) q.whereIn('n.template', ([] as string[]).concat(f.template));
            if (f.status) q.whereIn('n.status', ([] as string[]).concat(f.status));
            if (f.q) {
              const like = containsPattern(f.q);
              q.where((w) => w.whereILike('n.recipient', like).orWhereILike('n.subject', like));
            }
          });
          const [rows, counted] = await Promise.all([
            base
              .clone()
              .select(COLUMNS)
              .orderBy(`n.${field}`, order.toLowerCase() as 'asc' | 'desc', 'last')
              .orderBy('n.id')
              .offset(first)
              .limit(last - first + 1),
            base.clone().count<Array<{ n: string }>>({ n: '*' }),
          ]);
          return { rows, total: Number(counted[0]?.n ?? 0) };
        });
        res.setHeader('Content-Range', contentRange('emails', first, rows.length, total));
        res.json(rows);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/emails/:id',
        access: { permission: 'tenants:read' },
        summary: 'One email, with the figures it was rendered from',
        tags: ['admin', 'emails'],
        params: idParams,
        responses: { 200: { description: 'The email', schema: emailSchema.extend({ payload: z.record(z.string(), z.unknown()) }) } },
      },
      async ({ params }, req, res) => {
        const row = await withOperatorAccess(operatorActor(req), (trx) => notifications(trx).where('n.id', params.id).first([...COLUMNS, 'n.payload']));
        if (!row) throw Problem.notFound(`No email ${params.id}`);
        res.json(row);
      },
    );
}
