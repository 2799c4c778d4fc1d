import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingNumberResource, MessageResource, CallResource, SmsOptOut } from './twilio/resources';
import type { CallEvent } from './twilio/call-events';
import type { StoredEmail, IdempotentResult } from './resend/mailbox';
import { emptyStripeState, type StripeState } from './stripe/data';

/** Everything the sandbox remembers between requests (and, when persisting, between runs). */
export interface SandboxState {
  incomingNumbers: IncomingNumberResource[];
  messages: MessageResource[];
  /** Who replied STOP to which number (and has not replied START since): Twilio refuses to text them from it. */
  smsOptOuts: SmsOptOut[];
  calls: CallResource[];
  callEvents: Record<string, CallEvent[]>;
  emails: StoredEmail[];
  emailIdempotency: Record<string, IdempotentResult>;
  stripe: StripeState;
}

function emptyState(): SandboxState {
  return { incomingNumbers: [], messages: [], smsOptOuts: [], calls: [], callEvents: {}, emails: [], emailIdempotency: {}, stripe: emptyStripeState() };
}

/**
 * Holds the state in memory and, given a directory, mirrors it to one JSON file.
 * Writes are coalesced per event-loop turn and replace the file atomically, so a
 * killed process leaves either the old or the new snapshot, never half of one.
 */
export class SandboxStore {
  readonly state: SandboxState;
  private readonly file: string | undefined;
  private pending: NodeJS.Immediate | undefined;

  constructor(persistDir?: string) {
    this.file = persistDir ? join(persistDir, 'state.json') : undefined;
    this.state = emptyState();
    if (persistDir && this.file) {
      mkdirSync(persistDir, { recursive: true });
      try {
        Object.assign(this.state, JSON.parse(readFileSync(this.file, 'utf8')) as Partial<SandboxState>);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }

  changed(): void {
    if (!this.file || this.pending) return;
    this.pending = setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.pending) clearImmediate(this.pending);
    this.pending = undefined;
    if (!this.file) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.file);
  }
}
