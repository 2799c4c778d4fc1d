import { caller, json, type Call } from './accounts';

/** Stripe's test cards, as the sandbox plays them. */
export const CARDS = {
  /** Succeeds. */
  good: '4242 4242 4242 4242',
  /** Attaches, then every charge is declined. */
  declinesCharges: '4000 0000 0000 0341',
  /** Declined at once: insufficient funds. */
  insufficientFunds: '4000 0000 0000 9995',
} as const;

/**
 * The owner adds a card as a browser would: asks Kestrel for Stripe's hosted page, submits
 * the card number on it, and is sent back. Answers where the page sent the browser (the
 * billing page), or, when the card was declined on the page, null and the page's text.
 */
export async function addCard(apiUrl: string, token: string, card: string): Promise<{ returnedTo: string | null; page: string }> {
  const { url } = await json<{ url: string }>(await caller(apiUrl)('/api/v1/billing/payment-method', { body: {}, token }), 201);
  const form = await fetch(url);
  if (!form.ok) throw new Error(`checkout page: ${form.status}`);
  const submitted = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ card_number: card }).toString(),
    redirect: 'manual',
  });
  if (submitted.status === 303 || submitted.status === 302) return { returnedTo: submitted.headers.get('location'), page: '' };
  return { returnedTo: null, page: await submitted.text() };
}

/** Pays an invoice on Stripe's hosted invoice page with a card, as an owner following the e-mail's link would. */
export async function payHostedInvoice(hostedUrl: string, card: string): Promise<string> {
  const res = await fetch(hostedUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ card_number: card }).toString(),
  });
  return res.text();
}

/** The company's billing and invoices, through the tenant API with a person's session. */
export function billingOf(api: Call, token: string) {
  return {
    billing: async () => json(await api('/api/v1/billing', { token }), 200),
    invoices: async () => (await json<{ data: any[] }>(await api('/api/v1/invoices', { token }), 200)).data,
  };
}
