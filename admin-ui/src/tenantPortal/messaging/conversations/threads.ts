import { counterpartOf, type MessageRecord } from '../../../messaging/messageRecord';

/** One conversation: a contact (or, for a text to a number that is no contact, that number) and its latest message. */
export interface Thread {
  key: string;
  contactId: string | null;
  number: string;
  latest: MessageRecord;
  /** Messages of the thread among those read. */
  count: number;
  /** The customer wrote last: the company owes them an answer. */
  awaitingReply: boolean;
}

/**
 * The message log (newest first) as conversations, the one with the newest message first:
 * by contact, else by the other side's number. Only the messages read so far count, so an
 * older conversation appears once the log is read back to it.
 */
export function threadsOf(messages: MessageRecord[]): Thread[] {
  const threads = new Map<string, Thread>();
  for (const message of messages) {
    const key = message.contact_id ?? counterpartOf(message);
    const known = threads.get(key);
    if (known) known.count += 1;
    else threads.set(key, { key, contactId: message.contact_id, number: counterpartOf(message), latest: message, count: 1, awaitingReply: message.direction === 'inbound' });
  }
  return [...threads.values()];
}
