import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Problem } from '../problem';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Until operator accounts exist, the admin API takes one bearer token from
 * configuration. Without a configured token the routes are closed, never open.
 */
export function requireOperatorToken(token: string | undefined): RequestHandler {
  const expected = token ? digest(token) : undefined;
  return (req, res, next) => {
    if (!expected) throw Problem.unavailable('The admin API is closed: OPERATOR_TOKEN is not configured.');
    const header = req.headers.authorization ?? '';
    const presented = /^Bearer (.+)$/i.exec(header)?.[1];
    // Hashing first makes the comparison constant-time whatever the presented length.
    if (!presented || !timingSafeEqual(digest(presented), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="kestrel-admin"');
      throw new Problem(401, 'Unauthorized', presented ? 'The operator token is not valid.' : 'An operator token is required (Authorization: Bearer …).');
    }
    next();
  };
}
