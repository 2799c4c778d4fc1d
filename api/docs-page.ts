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
  { id: 'token-invalid', title: 'Link not valid here (400)', meaning: 'The token of a set-password or reset link is not one of ours, was cut short, or belongs to the other kind of link. Nothing was changed; use the link from the latest e-mail.' },
  { id: 'token-expired', title: 'Link expired (410)', meaning: 'The link is past its expiry (set-password links: 7 days; reset links: PASSWORD_RESET_TTL, 30 minutes). Nothing was changed; ask for a new one with POST /api/auth/password-reset.' },
  { id: 'token-used', title: 'Link used (410)', meaning: 'The link worked once already, was replaced by a newer one, or was withdrawn (the account disabled). Nothing was changed; sign in, or ask for a new link.' },
  { id: 'otp-invalid', title: 'Wrong code (400)', meaning: 'The code is not the one we sent. `attempts_left` says how many tries the code has left (five in all); at 0 it no longer works.' },
  { id: 'otp-expired', title: 'Code expired (400)', meaning: 'The code is past its OTP_TTL (5 minutes). Ask for a new one.' },
  { id: 'otp-exhausted', title: 'Code spent (400)', meaning: 'Too many wrong attempts: the code no longer works, even the right one. Ask for a new one.' },
  { id: 'otp-used', title: 'No code waiting (400)', meaning: 'No code of this purpose waits: it was used, replaced by a newer one, never sent, or is for another purpose. Ask for a new one.' },
  { id: 'challenge-invalid', title: 'Sign-in not waiting (401)', meaning: 'No two-step sign-in waits under this challenge (used, replaced by a newer sign-in, or unknown). Sign in again with the password.' },
  { id: 'sms-failed', title: 'Text not sent (502)', meaning: 'The SMS provider refused the text after retries. Nothing was counted against the send limit; try again, or use the e-mailed link (password reset), which always works.' },
  { id: 'phone-missing', title: 'No phone (409)', meaning: 'There is no phone number to send a code to: give the number to verify.' },
  { id: 'phone-unverified', title: 'Phone not verified (409)', meaning: 'Two-step sign-in and its codes need a verified phone: verify one first (POST /api/auth/otp/send with purpose verify_phone).' },
  { id: 'email-not-sent', title: 'No e-mail to show (409)', meaning: 'The e-mail has not been sent (pending, retrying or failed), or the entry is a text message: the provider holds no copy to preview.' },
  {
    id: 'email-link-gone',
    title: 'Link no longer works (409)',
    meaning:
      "The e-mail carried a single-use link (set a password, reset one) that has been used, has expired or was withdrawn (`link_state` says which), so it is not sent again. A fresh link comes from a new invitation (the company's Users) or from \"Forgot your password?\" on the sign-in page.",
  },
  { id: 'email-not-resendable', title: 'Not sent again (409)', meaning: 'The entry cannot be sent again: a text message (one-time codes are asked for anew), a template Kestrel no longer sends, or a company that no longer exists.' },
  { id: 'operator-last-super-admin', title: 'Last super admin (409)', meaning: 'The change would leave Kestrel without an enabled super_admin: make someone else super_admin first. Nothing was changed.' },
  { id: 'operator-yourself', title: 'Not on yourself (409)', meaning: 'Nobody demotes or disables their own operator account; another super_admin can. Nothing was changed.' },
  { id: 'operator-not-invited', title: 'No invitation to send (409)', meaning: 'The operator has chosen a password already; they reset a forgotten one with "Forgot your password?" on the sign-in page.' },
  { id: 'operator-disabled-invitee', title: 'Operator disabled (409)', meaning: "The operator's account is disabled: enable it first, then send the invitation again." },
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
