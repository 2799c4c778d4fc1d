/**
 * Stripe's test cards (https://docs.stripe.com/testing) and how each behaves: declined
 * when it is saved, or saved fine and declined whenever it is charged.
 */
export interface Decline {
  code: string;
  decline_code?: string;
  message: string;
}

export interface TestCard {
  brand: 'visa' | 'mastercard' | 'amex' | 'discover';
  funding: 'credit' | 'debit';
  country: string;
  /** Declined as soon as it is entered (Checkout, the hosted invoice page). */
  declineOnSetup?: Decline;
  /** Saved fine; every charge fails. */
  declineOnCharge?: Decline;
}

const generic: Decline = { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
const insufficientFunds: Decline = { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' };

export const TEST_CARDS: Record<string, TestCard> = {
  '4242424242424242': { brand: 'visa', funding: 'credit', country: 'US' },
  '4000056655665556': { brand: 'visa', funding: 'debit', country: 'US' },
  '5555555555554444': { brand: 'mastercard', funding: 'credit', country: 'US' },
  '378282246310005': { brand: 'amex', funding: 'credit', country: 'US' },
  '6011111111111117': { brand: 'discover', funding: 'credit', country: 'US' },
  '4000000000000341': { brand: 'visa', funding: 'credit', country: 'US', declineOnCharge: generic },
  '4000000000009995': { brand: 'visa', funding: 'credit', country: 'US', declineOnSetup: insufficientFunds, declineOnCharge: insufficientFunds },
  '4000000000000002': { brand: 'visa', funding: 'credit', country: 'US', declineOnSetup: generic, declineOnCharge: generic },
  '4000000000009987': {
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    declineOnSetup: { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' },
    declineOnCharge: { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' },
  },
  '4000000000000069': {
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    declineOnSetup: { code: 'expired_card', message: 'Your card has expired.' },
    declineOnCharge: { code: 'expired_card', message: 'Your card has expired.' },
  },
  '4000000000000127': {
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    declineOnSetup: { code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
    declineOnCharge: { code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
  },
  '4000000000000119': {
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    declineOnSetup: { code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' },
    declineOnCharge: { code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' },
  },
};

/**
 * Stripe's test PaymentMethod ids (`pm_card_visa`…), which `attach` turns into a new
 * PaymentMethod of the matching test card, as Stripe does in test mode.
 */
export const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_amex: '378282246310005',
  pm_card_discover: '6011111111111117',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_visa_chargeDeclined: '4000000000000002',
  pm_card_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
};

/** The test card a saved card was made from; every test card has its own last four digits. */
export function testCardOf(last4: string): TestCard | undefined {
  return Object.entries(TEST_CARDS).find(([number]) => number.endsWith(last4))?.[1];
}

export const INVALID_NUMBER: Decline = { code: 'invalid_number', message: 'Your card number is invalid.' };

export type CardCheck = { ok: true; number: string; card: TestCard } | { ok: false; decline: Decline };

/** Reads a typed card number (spaces and dashes allowed) the way Checkout's form does. */
export function checkCardNumber(typed: string): CardCheck {
  const number = typed.replace(/[\s-]/g, '');
  const card = TEST_CARDS[number];
  if (!card) return { ok: false, decline: INVALID_NUMBER };
  if (card.declineOnSetup) return { ok: false, decline: card.declineOnSetup };
  return { ok: true, number, card };
}

/** `MM/YY`, `MM / YYYY` or empty; an empty expiry gets December three years ahead. */
export function readExpiry(typed: string | undefined): { month: number; year: number } | undefined {
  const text = (typed ?? '').trim();
  if (!text) return { month: 12, year: new Date().getUTCFullYear() + 3 };
  const match = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/.exec(text);
  if (!match) return undefined;
  const month = Number(match[1]);
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  return month >= 1 && month <= 12 ? { month, year } : undefined;
}
