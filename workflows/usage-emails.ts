import type { Metering } from '../activities/calls';
import { startEmail } from './send-email';

/**
 * The 80% warning and the 100% alert, once per period: metering claimed them in its
 * transaction, and the period's id is in each email's key.
 */
export async function sendUsageEmails(tenantId: string, m: Metering): Promise<void> {
  const template = m.limitReachedDue ? 'usage_limit_reached' : m.warningDue ? 'usage_warning' : undefined;
  if (!template || !m.periodId) return;
  await startEmail({ key: `${tenantId}.${template}.${m.periodId}`, tenantId, template, audience: 'owner', figures: { used: m.used, limit: m.limit ?? 0 } });
}
