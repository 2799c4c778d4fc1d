import { closeSupportSession } from '../db/support-sessions';
import { withOperatorAccess } from '../db/tenant-context';

const EXPIRY = { type: 'system' as const, id: 'support-session-expiry' };

/** Support sessions' side of the database: closing one whose time ran out. */
export function supportSessionActivities() {
  return {
    /**
     * Writes `support_session.expired` (with the pages read) for a session whose time ran
     * out, once; nothing for one ended by hand, or gone with its tenant's erasure. Operator
     * scope: the operator's sign-in that held the session is let go of too.
     */
    async closeExpiredSupportSession(p: { supportSessionId: string }): Promise<void> {
      await withOperatorAccess(EXPIRY, () => closeSupportSession(p.supportSessionId, { how: 'expired' }));
    },
  };
}
