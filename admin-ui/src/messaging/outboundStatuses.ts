import type { MessageStatus } from '../../../domain/messaging';

/** What counts as sent on the dashboards: handed to Twilio (held and suppressed texts never were). */
export const SENT_STATUSES: readonly MessageStatus[] = ['queued', 'sent', 'delivered', 'undelivered', 'failed'];
/** Did not reach the person after it was sent. */
export const FAILED_STATUSES: readonly MessageStatus[] = ['undelivered', 'failed'];
