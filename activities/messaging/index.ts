import { Contact } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import type { QuietHours } from '../../domain/messaging';
import { isUuid } from '../../lib/uuid';
import type { Config } from '../../lib/config';
import type { TwilioClient } from '../../providers/twilio';
import { messagingSettings, sendCustomerMessage, type CustomerMessageRequest, type SendOutcome } from './send';

export type { CustomerMessageRequest, SendOutcome } from './send';

/**
 * Messages to a company's customers: one sending activity for every kind (confirmations,
 * reminders, text-backs, job updates, payment reminders, campaigns), idempotent by key,
 * and what a workflow needs to decide when a message may go.
 */
export function messagingActivities(config: Config, twilio: TwilioClient) {
  return {
    sendCustomerMessage(request: CustomerMessageRequest): Promise<SendOutcome> {
      return sendCustomerMessage(config, twilio, request);
    },

    /**
     * The time zone quiet hours are kept in (the contact's, when `to` names one whose zone
     * is known; else the company's) and the company's quiet hours.
     */
    async messagingContext(p: { tenantId: string; to?: string }): Promise<{ timeZone: string; quietHours: QuietHours }> {
      return withTenant(p.tenantId, async (trx) => {
        const settings = await messagingSettings(trx, p.tenantId);
        const contact = p.to ? await (isUuid(p.to) ? Contact.query().findById(p.to) : Contact.query().findOne({ phone: p.to })) : undefined;
        return { timeZone: contact?.time_zone ?? settings.timeZone, quietHours: settings.quietHours };
      });
    },
  };
}
