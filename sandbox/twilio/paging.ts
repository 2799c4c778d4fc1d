import type { Request } from 'express';
import { TwilioApiError } from './errors';

const PAGING_PARAMS = new Set(['Page', 'PageSize', 'PageToken']);

function intParam(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new TwilioApiError(400, 20001, `Invalid ${name}: expected an integer from ${min} to ${max}`);
  }
  return n;
}

/** A page of a Twilio list resource, with the URIs the SDK follows to read the next one. */
export function twilioPage<T>(req: Request, items: T[], key: string, defaultPageSize = 50) {
  const pageSize = intParam(req.query.PageSize, 'PageSize', defaultPageSize, 1, 1000);
  const page = intParam(req.query.Page, 'Page', 0, 0, 1_000_000);
  const path = req.originalUrl.split('?')[0] ?? '';
  const filters = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) {
    if (!PAGING_PARAMS.has(k) && typeof v === 'string') filters.append(k, v);
  }
  const pageUri = (n: number) => {
    const q = new URLSearchParams(filters);
    q.set('PageSize', String(pageSize));
    q.set('Page', String(n));
    if (n > 0) q.set('PageToken', `PA${n * pageSize}`);
    return `${path}?${q.toString()}`;
  };
  const start = page * pageSize;
  const slice = items.slice(start, start + pageSize);
  return {
    [key]: slice,
    end: start + Math.max(slice.length - 1, 0),
    first_page_uri: pageUri(0),
    next_page_uri: start + pageSize < items.length ? pageUri(page + 1) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? pageUri(page - 1) : null,
    start,
    uri: pageUri(page),
  };
}
