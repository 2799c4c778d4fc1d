import type { RouteFn } from './api';
import { listPage } from './api';
import type { StripeContext } from './context';
import { invalidRequest } from './errors';
import { mergeMetadata, type ParamReader } from './form';
import { newCustomer, type Customer, type PaymentMethod } from './objects';

const CUSTOMER_FIELDS = ['email', 'name', 'description', 'phone', 'metadata', 'invoice_prefix', 'invoice_settings', 'payment_method'] as const;

function invoicePrefix(reader: ParamReader): string | undefined {
  const prefix = reader.string('invoice_prefix');
  if (prefix !== undefined && !/^[A-Z0-9]{3,12}$/.test(prefix)) {
    throw invalidRequest('Invalid invoice_prefix: must be 3 to 12 uppercase letters or numbers.', 'invoice_prefix', 'invoice_prefix_invalid');
  }
  return prefix;
}

/** A payment method given as the customer's default must already be attached to that customer. */
function defaultPaymentMethod(ctx: StripeContext, reader: ParamReader, customer: string, attaching?: string): string | null | undefined {
  const settings = reader.hash('invoice_settings');
  if (!settings) return undefined;
  for (const key of Object.keys(settings)) {
    if (key !== 'default_payment_method') throw invalidRequest(`Received unknown parameter: invoice_settings[${key}]`, `invoice_settings[${key}]`, 'parameter_unknown');
  }
  const id = settings.default_payment_method;
  if (id === undefined) return undefined;
  if (id === '') return null;
  if (typeof id !== 'string') throw invalidRequest('Invalid string', 'invoice_settings[default_payment_method]');
  const method = ctx.data.require<PaymentMethod>(id, 'payment_method', 'invoice_settings[default_payment_method]');
  if (method.customer !== customer && id !== attaching) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`,
      'invoice_settings[default_payment_method]',
      'resource_missing',
    );
  }
  return id;
}

export function customerRoutes(route: RouteFn, ctx: StripeContext): void {
  const { data, events } = ctx;

  route('post', '/v1/customers', 'PostCustomers', ({ read, request }) => {
    const p = read(CUSTOMER_FIELDS);
    const metadata = p.metadata();
    const customer = newCustomer({
      email: p.string('email'),
      name: p.string('name'),
      description: p.string('description'),
      phone: p.string('phone'),
      metadata: metadata === '' ? {} : metadata,
      invoice_prefix: invoicePrefix(p),
    });
    const attach = p.string('payment_method');
    const method = attach ? data.require<PaymentMethod>(attach, 'payment_method', 'payment_method') : undefined;
    if (method?.customer) throw invalidRequest('The payment method you provided has already been attached to a customer.', 'payment_method', 'payment_method_unexpected_state');
    const preferred = defaultPaymentMethod(ctx, p, customer.id, attach);
    if (preferred !== undefined) customer.invoice_settings.default_payment_method = preferred;
    data.put(customer);
    if (method) method.customer = customer.id;
    events.emit('customer.created', customer, request);
    if (method) events.emit('payment_method.attached', method, request);
    return customer;
  });

  route('get', '/v1/customers', 'GetCustomers', ({ read }) => {
    const p = read(['email', 'limit', 'starting_after', 'ending_before']);
    const email = p.string('email');
    return listPage('/v1/customers', data.list<Customer>('customer', (c) => email === undefined || c.email === email), p);
  });

  route('get', '/v1/customers/:customer', 'GetCustomersCustomer', ({ read, path }) => {
    read([]);
    const stored = data.any(path.customer!);
    if (stored?.object === 'customer' && stored.deleted === true) return { id: stored.id, object: 'customer', deleted: true };
    return data.require<Customer>(path.customer!, 'customer');
  });

  route('post', '/v1/customers/:customer', 'PostCustomersCustomer', ({ read, path, request }) => {
    const customer = data.require<Customer>(path.customer!, 'customer');
    const p = read(CUSTOMER_FIELDS.filter((f) => f !== 'payment_method'));
    const before = JSON.parse(JSON.stringify(customer)) as Customer;
    for (const field of ['email', 'name', 'description', 'phone'] as const) {
      if (p.has(field)) customer[field] = p.string(field) || null;
    }
    const prefix = invoicePrefix(p);
    if (prefix) customer.invoice_prefix = prefix;
    customer.metadata = mergeMetadata(customer.metadata, p.metadata());
    const preferred = defaultPaymentMethod(ctx, p, customer.id);
    if (preferred !== undefined) customer.invoice_settings.default_payment_method = preferred;
    const previous = Object.fromEntries(
      Object.keys(customer)
        .filter((k) => JSON.stringify(customer[k]) !== JSON.stringify(before[k]))
        .map((k) => [k, before[k]]),
    );
    if (Object.keys(previous).length) events.emit('customer.updated', customer, request, previous);
    return customer;
  });

  route('delete', '/v1/customers/:customer', 'DeleteCustomersCustomer', ({ read, path, request }) => {
    read([]);
    const customer = data.require<Customer>(path.customer!, 'customer');
    for (const method of data.list<PaymentMethod>('payment_method', (m) => m.customer === customer.id)) method.customer = null;
    events.emit('customer.deleted', customer, request);
    customer.deleted = true;
    return { id: customer.id, object: 'customer', deleted: true };
  });

  route('get', '/v1/customers/:customer/payment_methods', 'GetCustomersCustomerPaymentMethods', ({ read, path }) => {
    const customer = data.require<Customer>(path.customer!, 'customer', 'customer');
    const p = read(['type', 'limit', 'starting_after', 'ending_before']);
    const type = p.string('type');
    const methods = data.list<PaymentMethod>('payment_method', (m) => m.customer === customer.id && (type === undefined || m.type === type));
    return listPage(`/v1/customers/${customer.id}/payment_methods`, methods, p);
  });
}
