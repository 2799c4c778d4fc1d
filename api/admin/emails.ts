import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { resendRequest } from '../../activities/email/resend';
import { recordAudit } from '../../db/audit';
import { Notification } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import type { Config } from '../../lib/config';
import { resendClient } from '../../providers/resend';
import { emailWorkflowId, sendEmailWorkflow } from '../../workflows/send-email';
import { requestIdOf } from '../http/audit-actor';
import { operatorActor } from '../auth/authenticate';
import { AdminRouter, type TenantOf } from '../auth/operator-access';
import { Problem } from '../http/problem';
import { reachingTemporal } from '../http/temporal-errors';
import { containsPattern, countRows, listOf, listQuery, listRequest, pageWithTotal, sendPage, uuids } from './list-query';
import { isUuid } from '../../lib/uuid';

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
  resend_of: z.uuid().nullable().describe('the e-mail this one sends again (an operator re-sent it)'),
});

const resendSchema = z.object({ id: z.uuid(), status: z.string(), sent_at: z.string().nullable(), created_at: z.string() });

const previewSchema = z.object({
  subject: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  html: z.string().nullable(),
  text: z.string().nullable(),
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
  'n.resend_of',
];

// Operators' own mail has no tenant, hence the outer join.
const notifications = (trx: Knex.Transaction) => trx('notifications as n').leftJoin('tenants as t', 't.id', 'n.tenant_id');

const SYSTEM_LOOKUP = { type: 'system' as const, id: 'operator-access' };

/** The tenant an e-mail belongs to (none for mail to Kestrel's own staff): a support session on it may send it again. */
const tenantOfEmail: TenantOf = async (req: Request) => {
  const id = req.params.id;
  if (!isUuid(id)) return null;
  const row = await withOperatorAccess(SYSTEM_LOOKUP, (trx) => trx('notifications').where({ id }).first<{ tenant_id: string | null } | undefined>('tenant_id'));
  return row?.tenant_id ?? null;
};

/**
 * A single-use link's token (set a password, reset one) stays out of the console: with it,
 * whoever reads the preview could use the link before its owner does.
 */
const hideTokens = (content: string | null) => content?.replace(/\btoken=[\w.~-]+/g, 'token=…') ?? null;

/** The log of every email (and SMS) the platform sent or tried to send: the `notifications` table. */
export function adminEmailRoutes(deps: { config: Config; temporal: Client }): AdminRouter {
  const resend = resendClient(deps.config);
  return new AdminRouter({ tags: ['admin', 'emails'] })
    .endpoint(
      {
        method: 'get',
        path: '/emails',
        access: { permission: 'tenants:read' },
        summary: 'List sent emails (sort, range, filter: id, tenant_id, template, status, q over recipient and subject)',
        query: listQuery(SORTABLE, filter),
        responses: { 200: { description: 'Emails; the total is in Content-Range', schema: z.array(emailSchema) } },
      },
      async ({ query }, req, res) => {
        const list = listRequest(query, ['created_at', 'DESC']);
        const f = list.filter;
        const { rows, total } = await withOperatorAccess(operatorActor(req), (trx) => {
          const base = notifications(trx).modify((q) => {
            if (f.id) q.whereIn('n.id', listOf(f.id));
            if (f.tenant_id) q.whereIn('n.tenant_id', listOf(f.tenant_id));
            if (f.template) q.whereIn('n.template', listOf(f.template));
            if (f.status) q.whereIn('n.status', listOf(f.status));
            if (f.q) {
              const like = containsPattern(f.q);
              q.where((w) => w.whereILike('n.recipient', like).orWhereILike('n.subject', like));
            }
          });
          return pageWithTotal(list, base.clone().select(COLUMNS).orderBy(`n.${list.field}`, list.direction, 'last').orderBy('n.id'), countRows(base));
        });
        sendPage(res, 'emails', list, rows, total);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/emails/:id',
        access: { permission: 'tenants:read' },
        summary: 'One email, with the figures it was rendered from and the re-sends of it',
        params: idParams,
        responses: {
          200: { description: 'The email', schema: emailSchema.extend({ payload: z.record(z.string(), z.unknown()), resends: z.array(resendSchema) }) },
          404: { description: 'No such email' },
        },
      },
      async ({ params }, req, res) => {
        const row = await withOperatorAccess(operatorActor(req), async (trx) => {
          const email = await notifications(trx).where('n.id', params.id).first([...COLUMNS, 'n.payload']);
          if (!email) return undefined;
          const resends = await trx('notifications').where('resend_of', params.id).orderBy('created_at', 'desc').select('id', 'status', 'sent_at', 'created_at');
          return { ...email, resends };
        });
        if (!row) throw Problem.notFound(`No email ${params.id}`);
        res.json(row);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/emails/:id/preview',
        access: { permission: 'tenants:read' },
        summary: "An email as it was sent: its HTML and text parts, from the provider's copy (single-use links without their token)",
        params: idParams,
        responses: {
          200: { description: 'The email as sent', schema: previewSchema },
          404: { description: 'No such email, or the provider keeps no copy of it any more' },
          409: { description: 'Not sent (yet), or a text message: there is no e-mail to show' },
          502: { description: 'The provider could not be asked' },
        },
      },
      async ({ params }, req, res) => {
        const email = await withOperatorAccess(operatorActor(req), () => Notification.query().findById(params.id));
        if (!email) throw Problem.notFound(`No email ${params.id}`);
        if (email.channel !== 'email' || !email.provider_id) {
          throw Problem.conflict(email.channel === 'email' ? `This e-mail has not been sent (${email.status}), so there is no copy to show.` : 'This is a text message, not an e-mail.', {
            type: '/docs#email-not-sent',
          });
        }
        const { data, error } = await resend.emails.get(email.provider_id);
        if (error?.name === 'not_found') throw Problem.notFound('The e-mail provider no longer keeps a copy of this e-mail.');
        if (error || !data) throw new Problem(502, 'Bad Gateway', `The e-mail provider could not be asked for this e-mail${error ? ` (${error.message})` : ''}; try again shortly.`);
        res.setHeader('Cache-Control', 'no-store');
        res.json({ subject: data.subject, from: data.from, to: data.to, html: hideTokens(data.html), text: hideTokens(data.text) });
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/emails/:id/resend',
        access: { permission: 'tenants:write', tenant: tenantOfEmail },
        summary:
          'Send an email again, through the same workflow, as a new email that names this one (resend_of). An email with a single-use link is sent again only while the link still works',
        params: idParams,
        // Nothing to choose: the e-mail goes again as it went, to whom it is for now.
        body: z.object({}),
        responses: {
          202: { description: 'The re-send started; its email appears in the log as it is sent', schema: z.object({ id: z.uuid(), workflow_id: z.string() }) },
          404: { description: 'No such email' },
          409: { description: 'Not sent again: its single-use link is used, expired or withdrawn (email-link-gone), or it cannot be (email-not-resendable)' },
          503: { description: 'Temporal is unreachable; nothing was sent' },
        },
      },
      async ({ params }, req, res) => {
        const actor = operatorActor(req);
        const { email, plan } = await withOperatorAccess(actor, async () => {
          const found = await Notification.query().findById(params.id);
          return { email: found, plan: found ? await resendRequest(found, randomUUID()) : undefined };
        });
        if (!email || !plan) throw Problem.notFound(`No email ${params.id}`);
        if ('refused' in plan) {
          throw Problem.conflict(plan.detail, {
            type: plan.refused === 'link_gone' ? '/docs#email-link-gone' : '/docs#email-not-resendable',
            ...(plan.standing ? { link_state: plan.standing } : {}),
          });
        }
        const workflowId = emailWorkflowId(plan.request.key);
        await reachingTemporal(deps.temporal.workflow.start(sendEmailWorkflow, { workflowId, taskQueue: deps.config.TEMPORAL_TASK_QUEUE, args: [plan.request] }), 'the e-mail was not sent again');
        await withOperatorAccess(actor, () =>
          recordAudit({
            tenantId: email.tenant_id,
            actor,
            action: 'email.resent',
            target: { type: 'email', id: email.id },
            requestId: requestIdOf(req),
            details: { template: email.template, workflow_id: workflowId },
          }),
        );
        res.status(202).json({ id: email.id, workflow_id: workflowId });
      },
    );
}
