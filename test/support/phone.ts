/**
 * A person's phone, as the sandbox plays it: what it received, and a text sent from it to a
 * company's number (the sandbox posts Twilio's signed webhook, as Twilio would).
 */

type WithSandbox = { sandbox: { url: string } };

/** A text as the phone shows it (Twilio's message resource). */
export interface PhoneText {
  sid: string;
  from: string;
  to: string;
  body: string;
  status: string;
  direction: string;
  date_created?: string;
}

/** The texts `to` received (only those from `from`, when given), newest first. */
export async function phoneTexts(k: WithSandbox, to: string, from?: string): Promise<PhoneText[]> {
  const res = await fetch(`${k.sandbox.url}/sandbox/messages?${new URLSearchParams({ to, ...(from ? { from } : {}) })}`);
  if (!res.ok) throw new Error(`the sandbox's phone ${to}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { messages: PhoneText[] }).messages;
}

/** `from` texts `body` to `to` (by SMS, or from their WhatsApp); throws unless the sandbox took it. */
export async function textFrom(k: WithSandbox, from: string, to: string, body: string, { channel = 'sms' }: { channel?: 'sms' | 'whatsapp' } = {}): Promise<void> {
  const res = await fetch(`${k.sandbox.url}/sandbox/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from, to, body, channel }) });
  if (res.status !== 201) throw new Error(`a text from ${from} to ${to}: ${res.status} ${await res.text()}`);
}
