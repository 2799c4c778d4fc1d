import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { AuthSession, OperatorUser, SupportSession, TenantUser, type OperatorRole, type TenantRole } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import type { SessionSummary } from '../../domain/accounts';
import { durationMs, type Config } from '../../lib/config';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from '../../lib/passwords';
import { clientAddress } from './client-address';
import { LoginAttempts } from './login-attempts';

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

/** A tenant user whose password was right and whose sign-in asks for a code by text next. */
export interface SecondStep {
  userId: string;
  tenantId: string;
  /** The verified phone the code goes to. */
  phone: string;
}

/**
 * A sign-in's outcome. A wrong password, an unknown e-mail, a disabled account and an
 * attempt held off by the lock-out are one and the same answer. A right password of a
 * user with two-step sign-in opens no session yet: the code sent by text does.
 */
export type SignInResult =
  | { ok: true; principal: Principal; tokens: IssuedTokens }
  | { ok: true; secondStep: SecondStep }
  | { ok: false; reason: 'invalid' };

/** Who a session is opened for. */
export interface SessionSubject {
  kind: 'operator' | 'tenant_user';
  id: string;
  tenantId: string | null;
}

/** Access tokens start `ksa_`, refresh tokens `ksr_`: never mistaken for each other or for API keys (`kst_`). */
const ACCESS_PREFIX = 'ksa_';
const REFRESH_PREFIX = 'ksr_';
/** Sessions are looked up on every request; when it was last seen is written at most this often. */
const SEEN_EVERY_MS = 60_000;
/** The subject an unknown e-mail's attempts are counted under, so they do the same work as a known one's. */
const NO_ACCOUNT = '00000000-0000-0000-0000-000000000000';
/** How many of an account's recent sign-in addresses are looked at to tell a known address. */
const KNOWN_ADDRESSES = 100;

const system = { type: 'system' as const, id: 'auth' };
/** Tokens carry 256 random bits, so a fast hash is enough to keep them useless if the table leaks. */
const digest = (token: string) => createHash('sha256').update(token).digest('base64url');
const newToken = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

export const isAccessToken = (token: string) => token.startsWith(ACCESS_PREFIX);

interface Account extends SessionSubject {
  passwordHash: string | null;
  disabled: boolean;
  /** A tenant user with two-step sign-in on: the verified phone the code goes to. */
  twoStepPhone: string | null;
}

/**
 * Sign-in, sessions and their tokens. Every lookup crosses tenants (a token does not
 * say whose it is), so it runs in an explicit operator-access transaction.
 */
export class Sessions {
  private readonly accessTtlMs: number;
  private readonly refreshTtlMs: number;
  private readonly attempts: LoginAttempts;

  constructor(private readonly config: Config) {
    this.accessTtlMs = durationMs(config.SESSION_ACCESS_TTL);
    this.refreshTtlMs = durationMs(config.SESSION_REFRESH_TTL);
    this.attempts = new LoginAttempts({ perAddress: config.LOGIN_MAX_FAILURES, perAccount: config.LOGIN_ACCOUNT_MAX_FAILURES });
  }

  /**
   * Checks an e-mail and password. Every attempt does the same work, whatever its outcome:
   * it finds the account, claims the attempt (see LoginAttempts: per account and client
   * address, and per account from addresses it has not signed in from), and checks one
   * password hash: the account's when the claim was granted, else a decoy's. An unknown
   * e-mail, a disabled account and a held-off attempt therefore take as long as a wrong
   * password, and get the same answer.
   */
  async signIn(email: string, password: string, meta: { userAgent?: string; ip?: string; tenant?: string }): Promise<SignInResult> {
    const address = clientAddress(meta.ip);
    const { account, claimed } = await withOperatorAccess(system, async (trx) => {
      const found = await this.findAccount(email, meta.tenant);
      const subject = found ? `${found.kind}:${found.id}` : `email:${digest(`${email.trim().toLowerCase()}|${meta.tenant ?? ''}`)}`;
      const known = await this.signedInFrom(trx, found ?? { kind: 'operator', id: NO_ACCOUNT }, address);
      return { account: found, claimed: await this.attempts.claim(trx, subject, address, known) };
    });
    const checked = claimed && account?.passwordHash && !account.disabled ? account.passwordHash : undefined;
    const matches = await verifyPassword(password, checked ?? (await decoyHash()));
    if (!checked || !matches || !account || !claimed) return { ok: false, reason: 'invalid' };

    const rehash = needsRehash(checked) ? await hashPassword(password) : undefined;
    const secondStep = account.kind === 'tenant_user' && account.twoStepPhone ? { userId: account.id, tenantId: account.tenantId!, phone: account.twoStepPhone } : undefined;
    const opened = await withOperatorAccess(system, async (trx) => {
      // The password was right, so the lock-out starts over even when a code is still to come.
      const changes = { ...(secondStep ? {} : { last_login_at: new Date() }), ...(rehash ? { password_hash: rehash } : {}) };
      if (Object.keys(changes).length > 0) await trx(this.table(account)).where({ id: account.id }).update(changes);
      await this.attempts.succeeded(trx, claimed);
      return secondStep ? undefined : this.open(account, meta);
    });
    if (secondStep) return { ok: true, secondStep };
    const principal = opened && (await this.principalOf(opened.session));
    if (!opened || !principal) return { ok: false, reason: 'invalid' };
    return { ok: true, principal, tokens: opened.tokens };
  }

  /**
   * Opens a session for someone who proved who they are another way than their password
   * (a set-password or reset link, a sign-in code), if their account is still enabled.
   */
  async openSession(subject: SessionSubject, meta: { userAgent?: string; ip?: string }): Promise<{ principal: Principal; tokens: IssuedTokens } | undefined> {
    const opened = await withOperatorAccess(system, async (trx) => {
      const touched = await trx(subject.kind === 'operator' ? 'operator_users' : 'tenant_users')
        .where({ id: subject.id })
        .whereNull('disabled_at')
        .update({ last_login_at: new Date() });
      return touched ? this.open(subject, meta) : undefined;
    });
    if (!opened) return undefined;
    const principal = await this.principalOf(opened.session);
    return principal ? { principal, tokens: opened.tokens } : undefined;
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

  async signOut(sessionId: string): Promise<void> {
    await withOperatorAccess(system, () => AuthSession.query().findById(sessionId).whereNull('revoked_at').patch({ revoked_at: new Date() }));
  }

  /** Ends every session of an account (a disabled user, a changed password), but the one it is used from, if named. */
  async signOutEverywhere(kind: Account['kind'], id: string, except?: string): Promise<number> {
    return withOperatorAccess(system, () =>
      AuthSession.query()
        .where({ subject_type: kind, subject_id: id })
        .whereNull('revoked_at')
        .modify((q) => {
          if (except) q.whereNot('id', except);
        })
        .patch({ revoked_at: new Date() }),
    );
  }

  /** A person's sessions that still work (or can be refreshed), newest first. */
  async sessionsOf(principal: Principal): Promise<SessionSummary[]> {
    const rows = await withOperatorAccess(system, () =>
      AuthSession.query()
        .where({ subject_type: principal.kind, subject_id: principal.id })
        .whereNull('revoked_at')
        .where('refresh_expires_at', '>', new Date())
        .orderBy('created_at', 'desc')
        .limit(100),
    );
    return rows.map((row) => ({
      id: row.id,
      created_at: new Date(row.created_at).toISOString(),
      last_seen_at: row.last_seen_at ? new Date(row.last_seen_at).toISOString() : null,
      user_agent: row.user_agent,
      ip: row.ip,
      current: row.id === principal.sessionId,
    }));
  }

  /** Ends one of a person's own sessions; false when they have no such session. */
  async endOwnSession(principal: Principal, sessionId: string): Promise<boolean> {
    const ended = await withOperatorAccess(system, () =>
      AuthSession.query().findById(sessionId).where({ subject_type: principal.kind, subject_id: principal.id }).whereNull('revoked_at').patch({ revoked_at: new Date() }),
    );
    return ended > 0;
  }

  /**
   * Changes a signed-in person's password, given the current one, and ends their other
   * sessions (a password changed because it leaked must lock the intruder out). False when
   * the current password is wrong.
   */
  async changePassword(principal: Principal, current: string, next: string): Promise<boolean> {
    const table = principal.kind === 'operator' ? 'operator_users' : 'tenant_users';
    const stored = await withOperatorAccess(system, (trx) => trx(table).where({ id: principal.id }).first('password_hash'));
    const hash: string | null = stored?.password_hash ?? null;
    // The same work whether or not a hash is there: a decoy's check when there is none.
    const matches = await verifyPassword(current, hash ?? (await decoyHash()));
    if (!hash || !matches) return false;
    const replaced = await hashPassword(next);
    await withOperatorAccess(system, (trx) => trx(table).where({ id: principal.id, password_hash: hash }).update({ password_hash: replaced, updated_at: new Date() }));
    await this.signOutEverywhere(principal.kind, principal.id, principal.sessionId);
    return true;
  }

  private table(account: Account): 'operator_users' | 'tenant_users' {
    return account.kind === 'operator' ? 'operator_users' : 'tenant_users';
  }

  /**
   * Whether the account signed in from this address (its /64 for IPv6) within the refresh
   * tokens' lifetime. Looked up for unknown e-mails too (under an id no account has), so
   * that they do the same work.
   */
  private async signedInFrom(trx: Knex.Transaction, account: Pick<Account, 'kind' | 'id'>, address: string): Promise<boolean> {
    const rows = await trx('auth_sessions')
      .where({ subject_type: account.kind, subject_id: account.id })
      .where('created_at', '>', new Date(Date.now() - this.refreshTtlMs))
      .whereNotNull('ip')
      .distinct('ip')
      .limit(KNOWN_ADDRESSES);
    return rows.some((row: { ip: string }) => clientAddress(row.ip) === address);
  }

  /** The account of an e-mail; both kinds are always looked up, so that every e-mail costs the same queries. */
  private async findAccount(email: string, tenantSlug?: string): Promise<Account | undefined> {
    const normalized = email.trim().toLowerCase();
    const operator = await OperatorUser.query().whereRaw('lower(email) = ?', [normalized]).first();
    const users = await TenantUser.query()
      .whereRaw('lower(tenant_users.email) = ?', [normalized])
      .modify((q) => {
        if (tenantSlug) q.join('tenants', 'tenants.id', 'tenant_users.tenant_id').where('tenants.slug', tenantSlug).select('tenant_users.*');
      })
      .limit(2);
    if (operator) return { kind: 'operator', id: operator.id, tenantId: null, passwordHash: operator.password_hash, disabled: !!operator.disabled_at, twoStepPhone: null };
    if (users.length > 1) throw new AmbiguousAccount();
    const user = users[0];
    if (!user) return undefined;
    // Two-step needs a verified phone (enabling it checks); without one the setting has no effect.
    const twoStepPhone = user.two_step_enabled && user.phone && user.phone_verified_at ? user.phone : null;
    return { kind: 'tenant_user', id: user.id, tenantId: user.tenant_id, passwordHash: user.password_hash, disabled: !!user.disabled_at, twoStepPhone };
  }

  private tokens(): IssuedTokens {
    return {
      accessToken: newToken(ACCESS_PREFIX),
      accessExpiresAt: new Date(Date.now() + this.accessTtlMs),
      refreshToken: newToken(REFRESH_PREFIX),
      refreshExpiresAt: new Date(Date.now() + this.refreshTtlMs),
    };
  }

  private async open(account: SessionSubject, meta: { userAgent?: string; ip?: string }): Promise<{ session: AuthSession; tokens: IssuedTokens }> {
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
