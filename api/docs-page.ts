/**
 * /docs for people: the routes of the OpenAPI document and the problem types the API
 * answers with, each with an anchor (problem `type` URIs such as /docs#validation-error
 * point here). Clients asking for JSON get the OpenAPI document itself.
 */
export const PROBLEM_TYPES: Array<{ id: string; title: string; meaning: string }> = [
  { id: 'validation-error', title: 'Invalid request (422)', meaning: 'Some fields are missing or invalid. `errors` maps each field to its message; nothing was changed.' },
  { id: 'transition-refused', title: 'Transition refused (409)', meaning: "The tenant's lifecycle does not allow this action now; `detail` gives the workflow's reason." },
  { id: 'provisioning-failed', title: 'Provisioning failed (502)', meaning: 'Buying or verifying a phone number failed at the provider; any number bought was released. Try again.' },
  {
    id: 'invalid-credentials',
    title: 'Sign-in refused (401)',
    meaning: 'The e-mail or the password is wrong, or this address is held off the account after too many failures; the answer does not say which.',
  },
  {
    id: 'rate-limited',
    title: 'Rate limited (429)',
    meaning:
      'Over a rate limit (an API key, a tenant, sign-ups per address). Retry-After gives the seconds to wait; every limited answer carries the draft IETF fields RateLimit-Policy ("name";q=requests;w=window seconds) and RateLimit ("name";r=remaining;t=seconds to reset).',
  },
];

const escape = (v: string) => v.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function docsPage(document: {
  info?: { title?: string };
  tags?: Array<{ name: string; description: string }>;
  paths?: Record<string, Record<string, { summary?: string }>>;
}): string {
  const rows = Object.entries(document.paths ?? {}).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escape(path)}</code></td><td>${escape(op.summary ?? '')}</td></tr>`),
  );
  const tags = (document.tags ?? []).map((t) => `<h2 id="${escape(t.name)}">${escape(t.name)}</h2><p>${escape(t.description)}</p>`);
  const problems = PROBLEM_TYPES.map((p) => `<dt id="${p.id}"><code>/docs#${p.id}</code> — ${escape(p.title)}</dt><dd>${escape(p.meaning)}</dd>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(document.info?.title ?? 'API')}</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1f2937}td{padding:.25rem .75rem;border-bottom:1px solid #e5e7eb}dd{margin:0 0 1rem 1rem}</style></head>
<body><h1>${escape(document.info?.title ?? 'API')}</h1>
<p>The OpenAPI 3.1 document: <a href="/docs/openapi.json">/docs/openapi.json</a>. Errors are <code>application/problem+json</code> (RFC 9457).</p>
${tags.join('\n')}
<h2>Routes</h2><table>${rows.join('\n')}</table>
<h2>Problem types</h2><dl>${problems.join('\n')}<dt><code>about:blank</code></dt><dd>The HTTP status says it all (400, 401, 404, 413, 503…).</dd></dl>
</body></html>`;
}
