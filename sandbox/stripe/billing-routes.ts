import type { RouteFn } from './api';
import { listPage } from './api';
import type { StripeContext } from './context';
import { unixNow } from './data';
import { invalidRequest } from './errors';
import { mergeMetadata, readInt } from './form';
import { addItem, finalizeInvoice, markUncollectible, payInvoice, recomputeTotals, voidInvoice } from './invoices';
import { newInvoice, newInvoiceItem, type Customer, type Invoice, type InvoiceItem, type PaymentMethod } from './objects';

/** `unit_amount_decimal × quantity`, in cents, rounded as Stripe rounds line amounts. */
function amountOf(unitDecimal: string, quantity: number): number {
  if (!/^-?\d+(\.\d{1,12})?([eE][-+]?\d+)?$/.test(unitDecimal)) throw invalidRequest(`Invalid decimal: ${unitDecimal}`, 'unit_amount_decimal', 'parameter_invalid_decimal');
  return Math.round(Number(unitDecimal) * quantity);
}

export function billingRoutes(route: RouteFn, ctx: StripeContext): void {
  const { data, events } = ctx;
  const draftOf = (id: string, param: string) => {
    const invoice = data.require<Invoice>(id, 'invoice', param);
    if (invoice.status !== 'draft') throw invalidRequest(`You can only add invoice items to draft invoices; invoice ${invoice.id} is ${invoice.status}.`, param, 'invoice_not_editable');
    return invoice;
  };

  route('post', '/v1/invoiceitems', 'PostInvoiceitems', ({ read, request }) => {
    const p = read(['customer', 'amount', 'currency', 'unit_amount_decimal', 'quantity', 'description', 'period', 'invoice', 'metadata', 'discountable']);
    const customer = data.require<Customer>(p.requiredString('customer'), 'customer', 'customer');
    const invoiceId = p.string('invoice');
    const invoice = invoiceId ? draftOf(invoiceId, 'invoice') : undefined;
    if (invoice && invoice.customer !== customer.id) throw invalidRequest(`Invoice ${invoice.id} belongs to another customer.`, 'invoice');
    const amount = p.int('amount');
    const unitDecimal = p.string('unit_amount_decimal');
    const quantity = p.int('quantity') ?? 1;
    if (quantity < 0) throw invalidRequest('Invalid non-negative integer', 'quantity', 'parameter_invalid_integer');
    if (amount !== undefined && unitDecimal !== undefined) throw invalidRequest('You may only specify one of these parameters: amount, unit_amount_decimal.', 'unit_amount_decimal');
    if (amount !== undefined && quantity !== 1) throw invalidRequest('When `amount` is given, `quantity` must be 1: give `unit_amount_decimal` to bill several units.', 'quantity');
    if (amount === undefined && unitDecimal === undefined) throw invalidRequest('Missing required param: amount.', 'amount', 'parameter_missing');
    const currency = (p.string('currency') ?? invoice?.currency ?? 'usd').toLowerCase();
    const period = p.hash('period');
    const now = unixNow();
    const start = readInt(period?.start, 'period[start]') ?? now;
    const end = readInt(period?.end, 'period[end]') ?? now;
    if (end < start) throw invalidRequest('The period end must be on or after the period start.', 'period[end]');
    const metadata = p.metadata();
    const item = newInvoiceItem({
      customer: customer.id,
      amount: amount ?? amountOf(unitDecimal!, quantity),
      currency,
      quantity,
      unit_amount_decimal: unitDecimal ?? String(amount),
      description: p.string('description') ?? null,
      period: { start, end },
      invoice: null,
      metadata: metadata === '' || metadata === undefined ? {} : metadata,
    });
    if (invoice) addItem(invoice, item);
    data.put(item);
    events.emit('invoiceitem.created', item, request);
    return item;
  });

  route('get', '/v1/invoiceitems', 'GetInvoiceitems', ({ read }) => {
    const p = read(['customer', 'invoice', 'pending', 'limit', 'starting_after', 'ending_before']);
    const customer = p.string('customer');
    const invoice = p.string('invoice');
    const pending = p.bool('pending');
    const items = data.list<InvoiceItem>(
      'invoiceitem',
      (i) => (!customer || i.customer === customer) && (!invoice || i.invoice === invoice) && (pending === undefined || (i.invoice === null) === pending),
    );
    return listPage('/v1/invoiceitems', items, p);
  });

  route('get', '/v1/invoiceitems/:invoiceitem', 'GetInvoiceitemsInvoiceitem', ({ read, path }) => {
    read([]);
    return data.require<InvoiceItem>(path.invoiceitem!, 'invoiceitem', 'invoiceitem');
  });

  route('delete', '/v1/invoiceitems/:invoiceitem', 'DeleteInvoiceitemsInvoiceitem', ({ read, path, request }) => {
    read([]);
    const item = data.require<InvoiceItem>(path.invoiceitem!, 'invoiceitem', 'invoiceitem');
    if (item.invoice) {
      const invoice = draftOf(item.invoice, 'invoiceitem');
      invoice.lines.data = invoice.lines.data.filter((l) => (l.parent as { invoice_item_details?: { invoice_item: string } }).invoice_item_details?.invoice_item !== item.id);
      recomputeTotals(invoice);
    }
    events.emit('invoiceitem.deleted', item, request);
    item.deleted = true;
    return { id: item.id, object: 'invoiceitem', deleted: true };
  });

  route('post', '/v1/invoices', 'PostInvoices', ({ read, request }) => {
    const p = read([
      'customer',
      'collection_method',
      'days_until_due',
      'due_date',
      'auto_advance',
      'description',
      'metadata',
      'pending_invoice_items_behavior',
      'default_payment_method',
      'currency',
    ]);
    const customer = data.require<Customer>(p.requiredString('customer'), 'customer', 'customer');
    const collection = p.oneOf('collection_method', ['charge_automatically', 'send_invoice'] as const) ?? 'charge_automatically';
    const daysUntilDue = p.int('days_until_due');
    const dueDate = p.int('due_date');
    if (collection === 'send_invoice' && daysUntilDue === undefined && dueDate === undefined) {
      throw invalidRequest('Missing required param: days_until_due or due_date when collection_method=send_invoice.', 'days_until_due', 'parameter_missing');
    }
    if (collection === 'charge_automatically' && (daysUntilDue !== undefined || dueDate !== undefined)) {
      throw invalidRequest('You cannot set days_until_due or due_date when collection_method is charge_automatically.', daysUntilDue !== undefined ? 'days_until_due' : 'due_date');
    }
    const method = p.string('default_payment_method');
    if (method) {
      const found = data.require<PaymentMethod>(method, 'payment_method', 'default_payment_method');
      if (found.customer !== customer.id) throw invalidRequest(`The PaymentMethod ${method} does not belong to customer ${customer.id}.`, 'default_payment_method', 'resource_missing');
    }
    const behaviour = p.oneOf('pending_invoice_items_behavior', ['include', 'exclude'] as const) ?? 'exclude';
    const metadata = p.metadata();
    const invoice = newInvoice({
      customer,
      collection_method: collection,
      days_until_due: daysUntilDue ?? null,
      due_date: dueDate ?? null,
      auto_advance: p.bool('auto_advance') ?? false,
      description: p.string('description') ?? null,
      metadata: metadata === '' || metadata === undefined ? {} : metadata,
      default_payment_method: method ?? null,
      currency: (p.string('currency') ?? 'usd').toLowerCase(),
    });
    if (behaviour === 'include') {
      const pending = data.list<InvoiceItem>('invoiceitem', (i) => i.customer === customer.id && i.invoice === null && i.currency === invoice.currency).reverse();
      for (const item of pending) addItem(invoice, item);
    }
    data.put(invoice);
    events.emit('invoice.created', invoice, request);
    return invoice;
  });

  route('get', '/v1/invoices', 'GetInvoices', ({ read }) => {
    const p = read(['customer', 'status', 'collection_method', 'limit', 'starting_after', 'ending_before']);
    const customer = p.string('customer');
    const status = p.oneOf('status', ['draft', 'open', 'paid', 'uncollectible', 'void'] as const);
    const collection = p.string('collection_method');
    const invoices = data.list<Invoice>('invoice', (i) => (!customer || i.customer === customer) && (!status || i.status === status) && (!collection || i.collection_method === collection));
    return listPage('/v1/invoices', invoices, p);
  });

  route('get', '/v1/invoices/:invoice', 'GetInvoicesInvoice', ({ read, path }) => {
    read([]);
    return data.require<Invoice>(path.invoice!, 'invoice', 'invoice');
  });

  route('post', '/v1/invoices/:invoice', 'PostInvoicesInvoice', ({ read, path, request }) => {
    const invoice = data.require<Invoice>(path.invoice!, 'invoice', 'invoice');
    const p = read(['description', 'metadata', 'auto_advance', 'default_payment_method']);
    const before = JSON.parse(JSON.stringify(invoice)) as Invoice;
    if (invoice.status !== 'draft' && (p.has('description') || p.has('default_payment_method'))) {
      throw invalidRequest('Finalized invoices can only have their metadata and auto_advance updated.', undefined, 'invoice_not_editable');
    }
    if (p.has('description')) invoice.description = p.string('description') || null;
    const method = p.string('default_payment_method');
    if (method !== undefined) invoice.default_payment_method = method ? data.require<PaymentMethod>(method, 'payment_method', 'default_payment_method').id : null;
    const autoAdvance = p.bool('auto_advance');
    if (autoAdvance !== undefined) invoice.auto_advance = autoAdvance;
    invoice.metadata = mergeMetadata(invoice.metadata, p.metadata());
    const previous = Object.fromEntries(
      (['description', 'default_payment_method', 'auto_advance', 'metadata'] as const).filter((k) => JSON.stringify(invoice[k]) !== JSON.stringify(before[k])).map((k) => [k, before[k]]),
    );
    if (Object.keys(previous).length) events.emit('invoice.updated', invoice, request, previous);
    return invoice;
  });

  route('delete', '/v1/invoices/:invoice', 'DeleteInvoicesInvoice', ({ read, path, request }) => {
    read([]);
    const invoice = data.require<Invoice>(path.invoice!, 'invoice', 'invoice');
    if (invoice.status !== 'draft') throw invalidRequest('You can only delete draft invoices.', undefined, 'invoice_not_editable');
    for (const item of data.list<InvoiceItem>('invoiceitem', (i) => i.invoice === invoice.id)) item.invoice = null;
    events.emit('invoice.deleted', invoice, request);
    invoice.deleted = true;
    return { id: invoice.id, object: 'invoice', deleted: true };
  });

  route('post', '/v1/invoices/:invoice/finalize', 'PostInvoicesInvoiceFinalize', ({ read, path, request }) => {
    const p = read(['auto_advance']);
    const invoice = data.require<Invoice>(path.invoice!, 'invoice', 'invoice');
    const autoAdvance = p.bool('auto_advance');
    finalizeInvoice(ctx, invoice, request);
    if (autoAdvance !== undefined) invoice.auto_advance = autoAdvance;
    return invoice;
  });

  route('post', '/v1/invoices/:invoice/pay', 'PostInvoicesInvoicePay', ({ read, path, request }) => {
    const p = read(['payment_method', 'paid_out_of_band', 'off_session']);
    const invoice = data.require<Invoice>(path.invoice!, 'invoice', 'invoice');
    const methodId = p.string('payment_method');
    const method = methodId ? data.require<PaymentMethod>(methodId, 'payment_method', 'payment_method') : undefined;
    p.bool('off_session');
    payInvoice(ctx, invoice, { method, outOfBand: p.bool('paid_out_of_band') ?? false }, request);
    return invoice;
  });

  route('post', '/v1/invoices/:invoice/void', 'PostInvoicesInvoiceVoid', ({ read, path, request }) => {
    read([]);
    const invoice = data.require<Invoice>(path.invoice!, 'invoice', 'invoice');
    voidInvoice(ctx, invoice, request);
    return invoice;
  });

  route('post', '/v1/invoices/:invoice/mark_uncollectible', 'PostInvoicesInvoiceMarkUncollectible', ({ read, path, request }) => {
    read([]);
    const invoice = data.require<Invoice>(path.invoice!, 'invoice', 'invoice');
    markUncollectible(ctx, invoice, request);
    return invoice;
  });
}
