import { createHash, randomBytes } from 'node:crypto';
import { AuthSession, OperatorUser, SupportSession, TenantUser, type OperatorRole, type TenantRole } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { durationMs, type Config } from '../../lib/config';
import { inviteTokenHash } from '../../lib/invites';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from '../../lib/passwords';

/** Who a request acts as, once its session is known. */
export type Principal = OperatorPrincipal | TenantUserPrincipal;

export interface OperatorPrincipal {
  kind: 'operator';
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  sessionId: string;
  /** An open support session: the operator then acts within one tenant, read-only unless write was granted. */
  support: ActiveSupport | null;
}

export interface ActiveSupport {
  id: string;
  tenantId: string;
  canWrite: boolean;
  expiresAt: Date;
}

export interface TenantUserPrincipal {
  kind: 'tenant_user';
  id: string;
  email: string;
  name: string | null;
  role: TenantRole;
  tenantId: string;
  sessionId: string;
}

export interface IssuedTokens {
  accessToken: string;
  accessExpiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/** The e-mail belongs to users of several tenants: the sign-in must name the tenant. */
export class AmbiguousAccount extends Error {
  constructor() {
    super('this e-mail belongs to users of several companies');
    this.name = 'AmbiguousAccount';
  }
}

export type SignInResult = { ok: true; principal: Principal; tokens: IssuedTokens } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; until: Date };

/** Access tokens start `ksa_`, refresh tokens `ksr_`: never mistaken for each other or for API keys (`kst_`). */
const ACCESS_PREFIX = 'ksa_';
const REFRESH_PREFIX = 'ksr_';
/** Sessions are looked up on every request; when it was last seen is written at most this often. */
const SEEN_EVERY_MS = 60_000;
/** The longest an account stays locked, however many failures. */
const MAX_LOCK_MS = 60 * 60_000;

const system = { type: 'system' as const, id: 'auth' };
/** Tokens carry 256 random bits, so a fast hash is enough to keep them useless if the table leaks. */
const digest = (token: string) => createHash('sha256').update(token).digest('base64url');
const newToken = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

export const isAccessToken = (token: string) => token.startsWith(ACCESS_PREFIX);

interface Account {
  kind: 'operator' | 'tenant_user';
  id: string;
  tenantId: string | null;
  passwordHash: string | null;
  failedLogins: number;
  lockedUntil: Date | null;
  disabled: boolean;
}

/**
 * Sign-in, sessions and their tokens. Every lookup crosses tenants (a token does not
 * say whose it is), so it runs in an explicit operator-access transaction.
 */
export class Sessions {
  private readonly accessTtlMs: number;
  private readonly refreshTtlMs: number;

  constructor(private readonly config: Config) {
    this.accessTtlMs = durationMs(config.SESSION_ACCESS_TTL);
    this.refreshTtlMs = durationMs(config.SESSION_REFRESH_TTL);
  }

  /**
   * Checks an e-mail and password. Unknown e-mails take as long as wrong passwords. After
   * LOGIN_MAX_FAILURES failures in a row the account is locked, for a minute and then
   * twice as long at each further failure (at most an hour); a success starts over.
   */
  async signIn(email: string, password: string, meta: { userAgent?: string; ip?: string; tenant?: string }): Promise<SignInResult> {
    const account = await withOperatorAccess(system, () => this.findAccount(email, meta.tenant));
    if (!account?.passwordHash || account.disabled) {
      await verifyPassword(password, await decoyHash());
      return { ok: false, reason: 'invalid' };
    }
    if (account.lockedUntil && account.lockedUntil > new Date()) return { ok: false, reason: 'locked', until: account.lockedUntil };

    if (!(await verifyPassword(password, account.passwordHash))) {
      const until = await withOperatorAccess(system, async (trx) => {
        const [row] = await trx(this.table(account))
          .where({ id: account.id })
          .increment('failed_logins', 1)
          .returning<Array<{ failed_logins: number }>>('failed_logins');
        const over = row!.failed_logins - this.config.LOGIN_MAX_FAILURES;
        if (over < 0) return null;
        const lockedUntil = new Date(Date.now() + Math.min(MAX_LOCK_MS, 60_000 * 2 ** over));
        await trx(this.table(account)).where({ id: account.id }).update({ locked_until: lockedUntil });
        return lockedUntil;
      });
      return until ? { ok: false, reason: 'locked', until } : { ok: false, reason: 'invalid' };
    }

    const rehash = needsRehash(account.passwordHash) ? await hashPassword(password) : undefined;
    const { session, tokens } = await withOperatorAccess(system, async (trx) => {
      await trx(this.table(account))
        .where({ id: account.id })
        .update({ failed_logins: 0, locked_until: null, last_login_at: new Date(), ...(rehash ? { password_hash: rehash } : {}) });
      return this.open(account, meta);
    });
    const principal = await this.principalOf(session);
    if (!principal) return { ok: false, reason: 'invalid' };
    return { ok: true, principal, tokens };
  }

  /** The principal of a live access token, or undefined. */
  async authenticate(accessToken: string): Promise<Principal | undefined> {
    if (!isAccessToken(accessToken)) return undefined;
    // Every authenticated request comes through here: one transaction finds the session and its person.
    return withOperatorAccess(system, async () => {
      const found = await AuthSession.query()
        .findOne({ access_hash: digest(accessToken) })
        .whereNull('revoked_at')
        .where('access_expires_at', '>', new Date());
      if (!found) return undefined;
      if (!found.last_seen_at || Date.now() - new Date(found.last_seen_at).getTime() > SEEN_EVERY_MS) {
        await AuthSession.query().findById(found.id).patch({ last_seen_at: new Date() });
      }
      return this.principalOf(found);
    });
  }

  /**
   * New tokens for a refresh token; the old pair stops working. A refresh token used a
   * second time means it was copied: the whole session ends.
   */
  async refresh(refreshToken: string): Promise<{ principal: Principal; tokens: IssuedTokens } | undefined> {
    const hash = digest(refreshToken);
    const outcome = await withOperatorAccess(system, async () => {
      const session = await AuthSession.query().findOne({ refresh_hash: hash }).whereNull('revoked_at').where('refresh_expires_at', '>', new Date());
      if (!session) {
        await AuthSession.query().where({ previous_refresh_hash: hash }).whereNull('revoked_at').patch({ revoked_at: new Date() });
        return undefined;
      }
      const tokens = this.tokens();
      const rotated = await AuthSession.query()
        .findById(session.id)
        .where({ refresh_hash: hash })
        .patch({
          access_hash: digest(tokens.accessToken),
          access_expires_at: tokens.accessExpiresAt,
          refresh_hash: digest(tokens.refreshToken),
          previous_refresh_hash: hash,
          last_seen_at: new Date(),
        });
      return rotated ? { session, tokens } : undefined;
    });
    if (!outcome) return undefined;
    const principal = await this.principalOf(outcome.session);
    return principal ? { principal, tokens: outcome.tokens } : undefined;
  }

  /**
   * Accepts an invitation: the link's token (single use, before it expires) sets the
   * user's password, and signs them in.
   */
  async acceptInvite(token: string, password: string, meta: { userAgent?: string; ip?: string }): Promise<{ principal: Principal; tokens: IssuedTokens } | undefined> {
    const passwordHash = await hashPassword(password);
    const opened = await withOperatorAccess(system, async () => {
      const [user] = await TenantUser.query()
        .where({ invite_token_hash: inviteTokenHash(token) })
        .where('invite_expires_at', '>', new Date())
        .whereNull('disabled_at')
        .patch({ password_hash: passwordHash, accepted_at: new Date(), invite_token_hash: null, invite_expires_at: null, last_login_at: new Date() })
        .returning('*');
      if (!user) return undefined;
      return this.open({ kind: 'tenant_user', id: user.id, tenantId: user.tenant_id, passwordHash, failedLogins: 0, lockedUntil: null, disabled: false }, meta);
    });
    if (!opened) return undefined;
    const principal = await this.principalOf(opened.session);
    return principal ? { principal, tokens: opened.tokens } : undefined;
  }

  async signOut(sessionId: string): Promise<void> {
    await withOperatorAccess(system, () => AuthSession.query().findById(sessionId).whereNull('revoked_at').patch({ revoked_at: new Date() }));
  }

  /** Ends every session of an account (a disabled user, a changed password). */
  async signOutEverywhere(kind: Account['kind'], id: string): Promise<void> {
    await withOperatorAccess(system, () => AuthSession.query().where({ subject_type: kind, subject_id: id }).whereNull('revoked_at').patch({ revoked_at: new Date() }));
  }

  private table(account: Account): 'operator_users' | 'tenant_users' {
    return account.kind === 'operator' ? 'operator_users' : 'tenant_users';
  }

  private async findAccount(email: string, tenantSlug?: string): Promise<Account | undefined> {
    const normalized = email.trim().toLowerCase();
    const operator = await OperatorUser.query().whereRaw('lower(email) = ?', [normalized]).first();
    if (operator) {
      return { kind: 'operator', id: operator.id, tenantId: null, passwordHash: operator.password_hash, failedLogins: operator.failed_logins, lockedUntil: operator.locked_until, disabled: !!operator.disabled_at };
    }
    const users = await TenantUser.query()
      .whereRaw('lower(tenant_users.email) = ?', [normalized])
      .modify((q) => {
        if (tenantSlug) q.join('tenants', 'tenants.id', 'tenant_users.tenant_id').where('tenants.slug', tenantSlug).select('tenant_users.*');
      })
      .limit(2);
    if (users.length > 1) throw new AmbiguousAccount();
    const user = users[0];
    if (!user) return undefined;
    return { kind: 'tenant_user', id: user.id, tenantId: user.tenant_id, passwordHash: user.password_hash, failedLogins: user.failed_logins, lockedUntil: user.locked_until, disabled: !!user.disabled_at };
  }

  private tokens(): IssuedTokens {
    return {
      accessToken: newToken(ACCESS_PREFIX),
      accessExpiresAt: new Date(Date.now() + this.accessTtlMs),
      refreshToken: newToken(REFRESH_PREFIX),
      refreshExpiresAt: new Date(Date.now() + this.refreshTtlMs),
    };
  }

  private async open(account: Account, meta: { userAgent?: string; ip?: string }): Promise<{ session: AuthSession; tokens: IssuedTokens }> {
    const tokens = this.tokens();
    const session = await AuthSession.query().insertAndFetch({
      tenant_id: account.tenantId,
      subject_type: account.kind,
      subject_id: account.id,
      access_hash: digest(tokens.accessToken),
      access_expires_at: tokens.accessExpiresAt,
      refresh_hash: digest(tokens.refreshToken),
      refresh_expires_at: tokens.refreshExpiresAt,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip ?? null,
    });
    return { session, tokens };
  }

  /** The person behind a session, as long as their account is still enabled (in the caller's operator transaction, when there is one). */
  private principalOf(session: AuthSession): Promise<Principal | undefined> {
    return withOperatorAccess(system, async () => {
      if (session.subject_type === 'operator') {
        const operator = await OperatorUser.query().findById(session.subject_id).whereNull('disabled_at');
        if (!operator) return undefined;
        const support = session.support_session_id
          ? await SupportSession.query().findById(session.support_session_id).whereNull('ended_at').where('expires_at', '>', new Date())
          : undefined;
        return {
          kind: 'operator',
          id: operator.id,
          email: operator.email,
          name: operator.name,
          role: operator.role,
          sessionId: session.id,
          support: support ? { id: support.id, tenantId: support.tenant_id, canWrite: support.can_write, expiresAt: new Date(support.expires_at) } : null,
        };
      }
      const user = await TenantUser.query().findById(session.subject_id).whereNull('disabled_at');
      if (!user) return undefined;
      return { kind: 'tenant_user', id: user.id, email: user.email, name: user.name, role: user.role, tenantId: user.tenant_id, sessionId: session.id };
    });
  }
}
