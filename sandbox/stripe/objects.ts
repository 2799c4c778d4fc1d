import type { TestCard } from './cards';
import { stripeId, unixNow, type Metadata, type StripeObject } from './data';

/**
 * The objects the sandbox serves, built with every field Stripe's API version carries
 * (null where the sandbox has nothing to say), so they pass Stripe's response schemas
 * and read like the real ones.
 */

export interface Customer extends StripeObject {
  object: 'customer';
  email: string | null;
  name: string | null;
  description: string | null;
  metadata: Metadata;
  invoice_prefix: string;
  next_invoice_sequence: number;
  invoice_settings: { default_payment_method: string | null; custom_fields: null; footer: null; rendering_options: null };
}

export interface PaymentMethod extends StripeObject {
  object: 'payment_method';
  customer: string | null;
  card: { brand: string; last4: string; exp_month: number; exp_year: number; funding: string; country: string; [k: string]: unknown };
  metadata: Metadata;
}

export interface SetupIntent extends StripeObject {
  object: 'setup_intent';
  status: 'succeeded' | 'requires_payment_method';
  customer: string | null;
  payment_method: string | null;
  metadata: Metadata;
}

export interface CheckoutSession extends StripeObject {
  object: 'checkout.session';
  status: 'open' | 'complete' | 'expired';
  customer: string | null;
  customer_email: string | null;
  expires_at: number;
  success_url: string | null;
  cancel_url: string | null;
  setup_intent: string | null;
  url: string | null;
  metadata: Metadata;
  /** Sandbox bookkeeping: what `setup_intent_data` asked for; not part of Stripe's object, never served. */
  setup_intent_data?: { metadata: Metadata; description: string | null };
}

export interface InvoiceItem extends StripeObject {
  object: 'invoiceitem';
  amount: number;
  currency: string;
  customer: string;
  description: string | null;
  invoice: string | null;
  metadata: Metadata;
  period: { start: number; end: number };
  quantity: number;
  date: number;
}

export interface LineItem extends StripeObject {
  object: 'line_item';
  amount: number;
  invoice: string;
  description: string | null;
  metadata: Metadata;
  period: { start: number; end: number };
  quantity: number | null;
}

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

export interface InvoicePayment extends StripeObject {
  object: 'invoice_payment';
  amount_paid: number | null;
  amount_requested: number;
  status: 'open' | 'paid' | 'canceled';
  payment: { type: 'payment_intent'; payment_intent: string };
  status_transitions: { canceled_at: number | null; paid_at: number | null };
}

export interface Invoice extends StripeObject {
  object: 'invoice';
  created: number;
  customer_name: string | null;
  customer_email: string | null;
  status: InvoiceStatus;
  customer: string;
  collection_method: 'charge_automatically' | 'send_invoice';
  currency: string;
  number: string | null;
  metadata: Metadata;
  default_payment_method: string | null;
  due_date: number | null;
  days_until_due: number | null;
  attempt_count: number;
  attempted: boolean;
  auto_advance: boolean;
  amount_due: number;
  amount_paid: number;
  amount_paid_off_stripe: number;
  amount_remaining: number;
  subtotal: number;
  total: number;
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
  lines: { object: 'list'; data: LineItem[]; has_more: boolean; url: string; total_count?: number };
  payments: { object: 'list'; data: InvoicePayment[]; has_more: boolean; url: string };
  status_transitions: { finalized_at: number | null; marked_uncollectible_at: number | null; paid_at: number | null; voided_at: number | null };
}

export interface ApiErrorRecord {
  type: 'card_error';
  code: string;
  decline_code?: string;
  message: string;
  charge?: string;
  payment_method?: PaymentMethod;
  doc_url?: string;
}

export interface PaymentIntent extends StripeObject {
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  customer: string | null;
  payment_method: string | null;
  status: 'requires_payment_method' | 'succeeded';
  latest_charge: string | null;
  last_payment_error: ApiErrorRecord | null;
  metadata: Metadata;
}

export interface Charge extends StripeObject {
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  currency: string;
  customer: string | null;
  payment_intent: string | null;
  payment_method: string | null;
  status: 'succeeded' | 'failed';
  paid: boolean;
  refunded: boolean;
  refunds: { object: 'list'; data: Refund[]; has_more: boolean; url: string; total_count?: number };
}

export interface Refund extends StripeObject {
  object: 'refund';
  amount: number;
  charge: string;
  payment_intent: string | null;
  status: 'succeeded';
  metadata: Metadata;
}

export interface WebhookEndpoint extends StripeObject {
  object: 'webhook_endpoint';
  url: string;
  enabled_events: string[];
  status: 'enabled' | 'disabled';
  secret?: string;
  description: string | null;
  metadata: Metadata;
}

export interface StripeEvent extends StripeObject {
  object: 'event';
  type: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
}

const common = () => ({ created: unixNow(), livemode: false });

const INVOICE_PREFIX_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Stripe gives each customer its own invoice-number prefix: eight characters, unique per account. */
export function randomInvoicePrefix(): string {
  return Array.from({ length: 8 }, () => INVOICE_PREFIX_ALPHABET[Math.floor(Math.random() * INVOICE_PREFIX_ALPHABET.length)]).join('');
}

export function newCustomer(input: { email?: string; name?: string; description?: string; phone?: string; metadata?: Metadata; invoice_prefix?: string }): Customer {
  return {
    id: stripeId('cus', 14),
    object: 'customer',
    ...common(),
    address: null,
    balance: 0,
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    discount: null,
    email: input.email ?? null,
    invoice_prefix: input.invoice_prefix ?? randomInvoicePrefix(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    metadata: input.metadata ?? {},
    name: input.name ?? null,
    next_invoice_sequence: 1,
    phone: input.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
}

export function newCardPaymentMethod(card: TestCard, number: string, expiry: { month: number; year: number }, customer: string | null, billingName: string | null, billingEmail: string | null): PaymentMethod {
  return {
    id: stripeId('pm'),
    object: 'payment_method',
    ...common(),
    allow_redisplay: 'unspecified',
    billing_details: { address: null, email: billingEmail, name: billingName, phone: null, tax_id: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: card.country,
      display_brand: card.brand,
      exp_month: expiry.month,
      exp_year: expiry.year,
      fingerprint: `sandbox${number.slice(-8)}`,
      funding: card.funding,
      generated_from: null,
      last4: number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    customer,
    metadata: {},
    type: 'card',
  };
}

export function newSetupIntent(customer: string | null, paymentMethod: string, metadata: Metadata, description: string | null): SetupIntent {
  const id = stripeId('seti');
  return {
    id,
    object: 'setup_intent',
    ...common(),
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${stripeId('x').slice(2)}`,
    customer,
    description,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    mandate: null,
    metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: paymentMethod,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: 'succeeded',
    usage: 'off_session',
  };
}

export function newCheckoutSession(input: {
  customer: string | null;
  customer_email: string | null;
  success_url: string;
  cancel_url: string | null;
  currency: string | null;
  metadata: Metadata;
  client_reference_id: string | null;
  payment_method_types: string[];
  expires_at: number | null;
  setup_intent_data: { metadata: Metadata; description: string | null };
  pageUrl: (id: string) => string;
}): CheckoutSession {
  const id = stripeId('cs_test', 58);
  const created = unixNow();
  return {
    id,
    object: 'checkout.session',
    created,
    livemode: false,
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: null,
    amount_total: null,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: input.cancel_url,
    client_reference_id: input.client_reference_id,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    currency: input.currency,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: input.customer,
    customer_creation: null,
    customer_details: null,
    customer_email: input.customer_email,
    discounts: [],
    expires_at: input.expires_at ?? created + 24 * 60 * 60,
    invoice: null,
    invoice_creation: null,
    locale: null,
    metadata: input.metadata,
    mode: 'setup',
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'always',
    payment_method_options: {},
    payment_method_types: input.payment_method_types,
    payment_status: 'no_payment_required',
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: input.success_url,
    total_details: null,
    ui_mode: 'hosted_page',
    url: input.pageUrl(id),
    setup_intent_data: input.setup_intent_data,
  };
}

/** The session as the API serves it: without the sandbox's own bookkeeping. */
export function servedSession(session: CheckoutSession): StripeObject {
  const { setup_intent_data: _kept, ...served } = session;
  return served as StripeObject;
}

export function newInvoiceItem(input: {
  customer: string;
  amount: number;
  currency: string;
  quantity: number;
  unit_amount_decimal: string;
  description: string | null;
  period: { start: number; end: number };
  invoice: string | null;
  metadata: Metadata;
}): InvoiceItem {
  const id = stripeId('ii');
  const created = unixNow();
  return {
    id,
    object: 'invoiceitem',
    livemode: false,
    amount: input.amount,
    currency: input.currency,
    customer: input.customer,
    date: created,
    description: input.description,
    discountable: true,
    discounts: [],
    invoice: input.invoice,
    metadata: input.metadata,
    net_amount: input.amount,
    parent: null,
    period: input.period,
    pricing: { type: 'price_details', unit_amount_decimal: input.unit_amount_decimal },
    proration: false,
    proration_details: { discount_amounts: [] },
    quantity: input.quantity,
    quantity_decimal: String(input.quantity),
    tax_rates: [],
    test_clock: null,
  };
}

/** The invoice's line for one of its invoice items. */
export function lineFor(item: InvoiceItem, invoice: string): LineItem {
  return {
    id: stripeId('il'),
    object: 'line_item',
    livemode: false,
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice,
    metadata: item.metadata,
    parent: {
      invoice_item_details: { invoice_item: item.id, proration: false, proration_details: { credited_items: null }, subscription: null },
      subscription_item_details: null,
      type: 'invoice_item_details',
    },
    period: item.period,
    pretax_credit_amounts: [],
    pricing: item.pricing,
    quantity: item.quantity,
    quantity_decimal: item.quantity_decimal,
    subtotal: item.amount,
    taxes: [],
  };
}

export function newInvoice(input: {
  customer: Customer;
  collection_method: Invoice['collection_method'];
  days_until_due: number | null;
  due_date: number | null;
  auto_advance: boolean;
  description: string | null;
  metadata: Metadata;
  default_payment_method: string | null;
  currency: string;
}): Invoice {
  const id = stripeId('in');
  const created = unixNow();
  return {
    id,
    object: 'invoice',
    created,
    livemode: false,
    account_country: 'US',
    account_name: 'Kestrel (sandbox)',
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_paid_off_stripe: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: input.auto_advance,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: 'manual',
    collection_method: input.collection_method,
    currency: input.currency,
    custom_fields: null,
    customer: input.customer.id,
    customer_address: null,
    customer_email: input.customer.email,
    customer_name: input.customer.name,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    days_until_due: input.days_until_due,
    default_payment_method: input.default_payment_method,
    default_source: null,
    default_tax_rates: [],
    description: input.description,
    discounts: [],
    due_date: input.due_date,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/invoices/${id}/lines` },
    metadata: input.metadata,
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    payments: { object: 'list', data: [], has_more: false, url: `/v1/invoice_payments?invoice=${id}` },
    period_end: created,
    period_start: created,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

export function newInvoicePayment(invoice: Invoice, paymentIntent: string): InvoicePayment {
  return {
    id: stripeId('inpay'),
    object: 'invoice_payment',
    ...common(),
    amount_paid: null,
    amount_requested: invoice.amount_remaining,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    payment: { type: 'payment_intent', payment_intent: paymentIntent },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  };
}

export function newPaymentIntent(input: { amount: number; currency: string; customer: string | null; description: string | null; metadata: Metadata }): PaymentIntent {
  const id = stripeId('pi');
  return {
    id,
    object: 'payment_intent',
    ...common(),
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: `${id}_secret_${stripeId('x').slice(2)}`,
    confirmation_method: 'automatic',
    currency: input.currency,
    customer: input.customer,
    description: input.description,
    last_payment_error: null,
    latest_charge: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
}

export function newCharge(intent: PaymentIntent, method: PaymentMethod, failure: ApiErrorRecord | null): Charge {
  const id = stripeId('ch');
  const succeeded = failure === null;
  return {
    id,
    object: 'charge',
    ...common(),
    amount: intent.amount,
    amount_captured: succeeded ? intent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: succeeded ? stripeId('txn') : null,
    billing_details: method.billing_details,
    calculated_statement_descriptor: 'KESTREL',
    captured: succeeded,
    currency: intent.currency,
    customer: intent.customer,
    description: intent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    fraud_details: {},
    metadata: {},
    on_behalf_of: null,
    outcome: succeeded
      ? { advice_code: null, network_advice_code: null, network_decline_code: null, network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: 20, seller_message: 'Payment complete.', type: 'authorized' }
      : {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: 'declined_by_network',
          reason: failure.decline_code ?? failure.code,
          risk_level: 'normal',
          risk_score: 20,
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        },
    paid: succeeded,
    payment_intent: intent.id,
    payment_method: method.id,
    payment_method_details: {
      card: {
        amount_authorized: succeeded ? intent.amount : null,
        brand: method.card.brand,
        checks: method.card.checks,
        country: method.card.country,
        exp_month: method.card.exp_month,
        exp_year: method.card.exp_year,
        fingerprint: method.card.fingerprint,
        funding: method.card.funding,
        installments: null,
        last4: method.card.last4,
        mandate: null,
        network: method.card.brand,
        network_token: { used: false },
        three_d_secure: null,
        wallet: null,
      },
      type: 'card',
    },
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/charges/${id}/refunds` },
    review: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  };
}

export function newRefund(charge: Charge, amount: number, reason: string | null, metadata: Metadata): Refund {
  return {
    id: stripeId('re'),
    object: 'refund',
    ...common(),
    amount,
    balance_transaction: stripeId('txn'),
    charge: charge.id,
    currency: charge.currency,
    destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
    metadata,
    payment_intent: charge.payment_intent,
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}

export function newWebhookEndpoint(input: { url: string; enabled_events: string[]; description: string | null; metadata: Metadata; api_version: string | null; secret: string }): WebhookEndpoint {
  return {
    id: stripeId('we'),
    object: 'webhook_endpoint',
    ...common(),
    api_version: input.api_version,
    application: null,
    description: input.description,
    enabled_events: input.enabled_events,
    metadata: input.metadata,
    secret: input.secret,
    status: 'enabled',
    url: input.url,
  };
}

/** The endpoint as list/retrieve/update serve it: Stripe shows the secret only on create. */
export function servedEndpoint(endpoint: WebhookEndpoint): StripeObject {
  const { secret: _secret, ...served } = endpoint;
  return served as StripeObject;
}

/** An object as the API serves it: without what only the sandbox keeps (an endpoint's secret is the route's business). */
export function served(object: StripeObject): StripeObject {
  return object.object === 'checkout.session' ? servedSession(object as CheckoutSession) : object;
}
