import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../../db/audit';
import { withTenant } from '../../db/tenant-context';
import { DEFAULT_TEMPLATES, PREVIEW_VALUES, TEMPLATE_VARIABLES, renderTemplate, smsSegments, unknownVariables, type MessageKind } from '../../domain/messaging';
import { actorOf, requestIdOf } from '../http/audit-actor';
import { Problem } from '../http/problem';
import { messageKind } from '../message-records';
import { text } from '../storable-fields';
import { TenantApiRouter } from './router';

const kindParams = z.object({ kind: messageKind });
const templateBody = z.object({
  body: text(1600)
    .transform((value) => value.trim())
    .pipe(z.string().min(1, 'expected the text of the message')),
});

export const templateSchema = z.object({
  kind: messageKind,
  body: z.string(),
  is_default: z.boolean().describe("True while the company uses Kestrel's wording"),
  variables: z.array(z.string()).describe('The {variables} this kind of message may use'),
  preview: z.string().describe("The message as a customer would read it, with the company's name and number and sample values"),
  encoding: z.enum(['GSM-7', 'UCS-2']).describe('How the preview travels as SMS (any character outside GSM-7 makes it UCS-2: 70 characters a segment)'),
  segments: z.number().int().describe('SMS segments the preview takes'),
  updated_at: z.string().nullable(),
});

/** A template as the company reads it: its text, what it may use, and how it comes out. */
async function describeTemplate(trx: Knex.Transaction, tenantId: string, kind: MessageKind): Promise<z.input<typeof templateSchema>> {
  const [stored, tenant] = await Promise.all([
    trx('message_templates').where({ kind }).first('body', 'updated_at'),
    trx('tenants').where({ id: tenantId }).first('company_name', 'phone_number', 'forward_to_number'),
  ]);
  const body: string = stored?.body ?? DEFAULT_TEMPLATES[kind];
  const preview = renderTemplate(body, {
    ...PREVIEW_VALUES,
    company_name: tenant?.company_name ?? PREVIEW_VALUES.company_name!,
    company_phone: tenant?.phone_number ?? tenant?.forward_to_number ?? PREVIEW_VALUES.company_phone!,
  });
  return { kind, body, is_default: !stored, variables: [...TEMPLATE_VARIABLES[kind]], preview, ...smsSegments(preview), updated_at: stored?.updated_at ?? null };
}

/**
 * The company's wording of each kind of message, with `{variables}`. A template naming a
 * variable its kind does not fill is refused when it is saved (422, naming each), not
 * sent broken later; every answer shows a preview and its SMS segments.
 */
export function tenantApiMessageTemplateRoutes(): TenantApiRouter {
  return new TenantApiRouter()
    .route(
      'messages:read',
      {
        method: 'get',
        path: '/message-templates/:kind',
        summary: "One kind of message's template (the company's, or Kestrel's default), its variables, a preview and its SMS segments",
        params: kindParams,
        responses: { 200: { description: 'The template', schema: templateSchema }, 404: { description: 'No such kind of message' } },
      },
      async ({ params }, key, _req, res) => {
        res.json(await withTenant(key.tenantId, (trx) => describeTemplate(trx, key.tenantId, params.kind)));
      },
    )
    .route(
      'messages:write',
      {
        method: 'put',
        path: '/message-templates/:kind',
        summary: "Set the company's template for one kind of message (unknown {variables} are refused, each named)",
        params: kindParams,
        body: templateBody,
        responses: {
          200: { description: 'The template as saved, with a preview and its SMS segments', schema: templateSchema },
          404: { description: 'No such kind of message' },
          422: { description: 'Unknown variables (each under errors, as body.{name}) or a missing text' },
        },
      },
      async ({ params, body }, key, req, res) => {
        const unknown = unknownVariables(body.body, params.kind);
        if (unknown.length > 0) {
          const allowed = TEMPLATE_VARIABLES[params.kind].map((name) => `{${name}}`).join(', ');
          throw new Problem(422, 'Invalid request', `The template uses variables that ${params.kind} messages do not have; they may use ${allowed}.`, {
            type: '/docs#validation-error',
            errors: Object.fromEntries(unknown.map((name) => [`body.${name}`, `{${name}} is not a variable of ${params.kind} messages (they may use ${allowed})`])),
            unknown_variables: unknown,
            allowed_variables: [...TEMPLATE_VARIABLES[params.kind]],
          });
        }
        const saved = await withTenant(key.tenantId, async (trx) => {
          const before = await trx('message_templates').where({ kind: params.kind }).first('body');
          await trx('message_templates')
            .insert({ tenant_id: key.tenantId, kind: params.kind, body: body.body, updated_by: `${key.actor.type}:${key.actor.id}` })
            .onConflict(['tenant_id', 'kind'])
            .merge(['body', 'updated_by', 'updated_at']);
          if ((before?.body ?? DEFAULT_TEMPLATES[params.kind]) !== body.body) {
            await recordAudit({
              tenantId: key.tenantId,
              actor: actorOf(key),
              action: 'message_template.updated',
              target: { type: 'message_template', id: null },
              requestId: requestIdOf(req),
              details: { kind: params.kind, before: before?.body ?? null, after: body.body },
            });
          }
          return describeTemplate(trx, key.tenantId, params.kind);
        });
        res.json(saved);
      },
    );
}
