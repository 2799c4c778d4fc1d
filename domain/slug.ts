/**
 * A tenant's slug names its subdomain: lowercase letters, digits and single hyphens,
 * 3–40 characters, not a word the platform keeps for itself.
 */
export const SLUG_MIN = 3;
export const SLUG_MAX = 40;

export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'admin', 'api', 'app', 'assets', 'auth', 'billing', 'blog', 'cdn', 'console', 'dashboard', 'docs',
  'help', 'kestrel', 'login', 'logout', 'mail', 'metrics', 'onboarding', 'root', 'signup', 'static',
  'status', 'support', 'system', 'webhooks', 'www',
]);

const SHAPE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Why a slug is refused, or undefined when it is acceptable. */
export function slugProblem(slug: string): string | undefined {
  if (slug.length < SLUG_MIN || slug.length > SLUG_MAX) return `must be ${SLUG_MIN} to ${SLUG_MAX} characters`;
  if (!SHAPE.test(slug)) return 'may contain only lowercase letters, digits and single hyphens between them';
  if (RESERVED_SLUGS.has(slug)) return `"${slug}" is reserved`;
  return undefined;
}

/** A slug made from a company name: "Joe's Plumbing & Heating, LLC" → "joes-plumbing-heating-llc". */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/g, '');
  if (base.length >= SLUG_MIN && !RESERVED_SLUGS.has(base)) return base;
  return `${base || 'company'}-co`.slice(0, SLUG_MAX);
}

/** Candidates for a name, best first: the slug itself, then numbered variants. */
export function slugCandidates(name: string, count = 20): string[] {
  const base = slugify(name);
  const out = [base];
  for (let n = 2; out.length < count; n++) {
    const suffix = `-${n}`;
    out.push(`${base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/g, '')}${suffix}`);
  }
  return out;
}
