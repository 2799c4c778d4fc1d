import type { Logger } from 'pino';
import { OperatorUser } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import type { Config } from '../../lib/config';
import { hashPassword } from '../../lib/passwords';

/**
 * The first operator, a super_admin, from ADMIN_EMAIL / ADMIN_PASSWORD: created when no
 * operator has that e-mail, never changed afterwards (its password is then the
 * operator's own business). Safe to run on every start and from several processes.
 */
export async function ensureFirstOperator(config: Config, logger: Logger): Promise<void> {
  if (!config.ADMIN_EMAIL || !config.ADMIN_PASSWORD) return;
  const email = config.ADMIN_EMAIL;
  const created = await withOperatorAccess({ type: 'system', id: 'first-operator' }, async () => {
    const existing = await OperatorUser.query().whereRaw('lower(email) = lower(?)', [email]).first();
    if (existing) return false;
    const inserted = await OperatorUser.query()
      .insert({ email, name: 'Administrator', role: 'super_admin', password_hash: await hashPassword(config.ADMIN_PASSWORD!) })
      .onConflict()
      .ignore();
    return !!inserted;
  });
  if (created) logger.info({ email }, 'first operator (super_admin) created');
}
