import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AUDIT_ACTIONS, auditActionLabel, transitionLabel } from '../../domain/audit-actions';

const ROOT = path.resolve(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (statSync(path.join(ROOT, relative)).isDirectory()) return sources(relative);
    return name.endsWith('.ts') ? [relative] : [];
  });
}

/** Every `<thing>.<what>` action name written as a literal in the code that writes the audit log. */
function actionsWritten(): string[] {
  const literal = /['`]((?:tenant|user|operator|api_key|appointment|data_export|dead_letter|email|session|support_session|feature_flag)\.[a-z_]+)['`:]/g;
  const found = new Set<string>();
  for (const file of ['api', 'activities', 'db'].flatMap(sources)) {
    for (const match of readFileSync(path.join(ROOT, file), 'utf8').matchAll(literal)) found.add(match[1]!);
  }
  return [...found].sort();
}

/** The lifecycle workflow's transitions, which its activity writes as `tenant.<transition>`. */
function transitionsMade(): string[] {
  const code = readFileSync(path.join(ROOT, 'workflows', 'tenant-lifecycle.ts'), 'utf8');
  const made = [...code.matchAll(/transition\('([a-z_]+)'/g), ...code.matchAll(/startCycle\([^,]+, [^,]+, '([a-z_]+)'/g)].map((m) => `tenant.${m[1]!}`);
  return [...new Set(made)].sort();
}

describe('the audit log vocabulary', () => {
  it('has words for every action the code writes, and every lifecycle transition', () => {
    const written = actionsWritten();
    const transitions = transitionsMade();
    expect(written.length).toBeGreaterThan(30);
    expect(transitions.length).toBeGreaterThan(10);
    expect([...written, ...transitions].filter((action) => !(action in AUDIT_ACTIONS))).toEqual([]);
  });

  it('reads every action as words, never as its key', () => {
    for (const [action, label] of Object.entries(AUDIT_ACTIONS)) {
      expect(auditActionLabel(action)).toBe(label);
      expect(label).not.toMatch(/[._]/);
    }
    expect(auditActionLabel('support_session.ended')).toBe('Support session ended');
    expect(transitionLabel('trial_started')).toBe('Trial started');
    // One written by newer code than this reads as words too.
    expect(auditActionLabel('tenant.payment_failed')).toBe('Payment failed');
    expect(auditActionLabel('invoice.sent')).toBe('Invoice sent');
  });
});
