/** An email as the sandbox keeps it: what was sent, and where. */
export interface StoredEmail {
  id: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  reply_to: string[];
  subject: string;
  html?: string;
  text?: string;
  headers: Record<string, string>;
  tags: Array<{ name: string; value: string }>;
  scheduled_at?: string;
  created_at: string;
  last_event: 'delivered' | 'scheduled';
}

/** The answer first given to an idempotency key, replayed for retries of the same request. */
export interface IdempotentResult {
  fingerprint: string;
  status: number;
  body: unknown;
  storedAt: number;
}

/** Resend's own date format, e.g. `2023-04-03 22:13:42.674+00`. */
export function resendDate(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '+00');
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '- ')
    .replace(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, '$2 ($1)')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The message as a mail client would show it: headers, then the plain-text body. */
export function renderEmail(email: StoredEmail): string {
  const headers = [
    `From: ${email.from}`,
    `To: ${email.to.join(', ')}`,
    ...(email.cc.length ? [`Cc: ${email.cc.join(', ')}`] : []),
    ...(email.reply_to.length ? [`Reply-To: ${email.reply_to.join(', ')}`] : []),
    `Subject: ${email.subject}`,
    `Date: ${new Date(email.created_at.replace(' ', 'T').replace('+00', 'Z')).toUTCString()}`,
    `Message-ID: <${email.id}@sandbox.kestrel.local>`,
    ...Object.entries(email.headers).map(([k, v]) => `${k}: ${v}`),
  ];
  const body = email.text ?? (email.html ? htmlToText(email.html) : '');
  return `${headers.join('\n')}\n\n${body}\n`;
}

/** Whether the address list of an email includes the address (any of to, cc, bcc), ignoring display names and case. */
export function addressedTo(email: StoredEmail, address: string): boolean {
  const wanted = address.trim().toLowerCase();
  const bare = (a: string) => (/<([^>]+)>/.exec(a)?.[1] ?? a).trim().toLowerCase();
  return [...email.to, ...email.cc, ...email.bcc].some((a) => bare(a) === wanted);
}
