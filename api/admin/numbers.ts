import { z } from 'zod';
import { Tenant } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { ACTION_ARGUMENTS, argumentRefusal } from '../../domain/lifecycle';
import type { TwilioClient } from '../../providers/twilio';
import { AdminRouter } from '../auth/operator-access';
import { Problem } from '../http/problem';
import { operatorActor } from '../auth/authenticate';


/** How many numbers one search shows: enough to choose from, one page of Twilio's. */
const SEARCH_LIMIT = 20;

const availableNumber = z.object({
  phone_number: z.string(),
  friendly_name: z.string(),
  locality: z.string().nullable(),
  region: z.string().nullable(),
  capabilities: z.object({ voice: z.boolean(), sms: z.boolean(), mms: z.boolean() }),
});

/**
 * Twilio's API answers capabilities as `{voice, SMS, MMS}`; its published spec (and the
 * sandbox, which follows the spec) in lowercase. Either is read.
 */
type Capabilities = { voice?: boolean; sms?: boolean; mms?: boolean; SMS?: boolean; MMS?: boolean } | null | undefined;
const capabilities = (c: Capabilities) => ({ voice: !!c?.voice, sms: !!(c?.sms ?? c?.SMS), mms: !!(c?.mms ?? c?.MMS) });

/** What an operator may choose from before provisioning a tenant's number: Twilio's local numbers in an area code. */
export function adminNumberRoutes(deps: { twilio: TwilioClient }): AdminRouter {
  return new AdminRouter().endpoint(
    {
      method: 'get',
      path: '/tenants/:id/available-numbers',
      access: { permission: 'tenants:read' },
      summary: "Local voice numbers on offer in an area code (Twilio's available-numbers search)",
      params: z.object({ id: z.uuid() }),
      query: z.object({ areaCode: z.string().regex(ACTION_ARGUMENTS.areaCode, argumentRefusal.areaCode('')) }),
      responses: {
        200: { description: 'The numbers on offer (an empty list when there are none)', schema: z.array(availableNumber) },
        404: { description: 'No such tenant' },
        502: { description: 'Twilio did not answer the search' },
      },
    },
    async ({ params, query }, req, res) => {
      const tenant = await withOperatorAccess(operatorActor(req), () => Tenant.query().findById(params.id).select('id'));
      if (!tenant) throw Problem.notFound(`No tenant ${params.id}`);
      const found = await deps.twilio
        .availablePhoneNumbers('US')
        .local.list({ areaCode: Number(query.areaCode), voiceEnabled: true, limit: SEARCH_LIMIT })
        .catch((error: Error) => {
          throw new Problem(502, 'Bad Gateway', `Twilio did not answer the number search: ${error.message}`);
        });
      res.json(
        found.map((n) => ({
          phone_number: n.phoneNumber,
          friendly_name: n.friendlyName,
          locality: n.locality ?? null,
          region: n.region ?? null,
          capabilities: capabilities(n.capabilities as Capabilities),
        })),
      );
    },
  );
}
