import type { StripeData } from './data';
import { served } from './objects';
import type { StripeObject } from './data';

function expandAt(data: StripeData, node: unknown, parts: string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => expandAt(data, n, parts));
  if (parts.length === 0 || !node || typeof node !== 'object') return node;
  const [head, ...rest] = parts as [string, ...string[]];
  const object = node as Record<string, unknown>;
  const lookup = (value: unknown) => {
    if (typeof value !== 'string') return value;
    const found = data.any(value);
    return found ? (JSON.parse(JSON.stringify(served(found))) as StripeObject) : value;
  };
  const child = object[head];
  object[head] = expandAt(data, Array.isArray(child) ? child.map(lookup) : lookup(child), rest);
  return node;
}

/**
 * Stripe's `expand[]`: each dotted path names a field holding an id (`setup_intent`,
 * `data.customer`, `latest_charge.payment_intent`) to be replaced by the object itself.
 */
export function expandFields(data: StripeData, body: unknown, paths: string[]): unknown {
  if (paths.length === 0) return body;
  const copy = JSON.parse(JSON.stringify(body)) as unknown;
  for (const path of paths) expandAt(data, copy, path.split('.'));
  return copy;
}
