import { randomBytes } from 'node:crypto';
import { resourceMissing } from './errors';
import type { Metadata } from './form';

/** Any object the API serves: they all carry `id` and `object`, and the sandbox keeps them as served. */
export interface StripeObject {
  id: string;
  object: string;
  [field: string]: unknown;
}

/** The answer first given to an idempotency key, replayed for retries of the same request. */
export interface IdempotentResponse {
  fingerprint: string;
  status: number;
  body: unknown;
  storedAt: number;
}

/** One POST of an event to a webhook endpoint, as `GET /sandbox/stripe/deliveries` lists it. */
export interface DeliveryAttempt {
  event: string;
  type: string;
  endpoint: string;
  url: string;
  attempt: number;
  status?: number;
  error?: string;
  at: number;
}

/** An event still to be delivered to one endpoint: the next try's number and time. */
export interface PendingDelivery {
  event: string;
  endpoint: string;
  attempt: number;
  dueAt: number;
}

export interface StripeState {
  /** Every object by id, in creation order. */
  objects: Record<string, StripeObject>;
  idempotency: Record<string, IdempotentResponse>;
  deliveryAttempts: DeliveryAttempt[];
  pendingDeliveries: PendingDelivery[];
}

export function emptyStripeState(): StripeState {
  return { objects: {}, idempotency: {}, deliveryAttempts: [], pendingDeliveries: [] };
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** An id in Stripe's style: a prefix, an underscore and random base-62 characters (`cus_…`, `in_…`, `cs_test_…`). */
export function stripeId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += BASE62[byte % 62];
  return `${prefix}_${out}`;
}

/** Unix seconds, as every Stripe timestamp. */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

export type { Metadata };

/** Typed access to the objects in the state. */
export class StripeData {
  constructor(readonly state: StripeState) {}

  /** The object if it exists and is not deleted. */
  get<T extends StripeObject>(id: string, object: T['object']): T | undefined {
    const found = this.state.objects[id];
    return found && found.object === object && found.deleted !== true ? (found as T) : undefined;
  }

  /** The object, or Stripe's 404 `resource_missing` naming it (`No such customer: 'cus_x'`). */
  require<T extends StripeObject>(id: string, object: T['object'], param = 'id'): T {
    const found = this.get<T>(id, object);
    if (!found) throw resourceMissing(object === 'payment_method' ? 'PaymentMethod' : object, id, param);
    return found;
  }

  any(id: string): StripeObject | undefined {
    return this.state.objects[id];
  }

  put<T extends StripeObject>(object: T): T {
    this.state.objects[object.id] = object;
    return object;
  }

  remove(id: string): void {
    delete this.state.objects[id];
  }

  /** Objects of one kind, newest first, as Stripe lists them. */
  list<T extends StripeObject>(object: T['object'], where: (o: T) => boolean = () => true): T[] {
    return Object.values(this.state.objects)
      .filter((o): o is T => o.object === object && o.deleted !== true && where(o as T))
      .reverse();
  }
}
