import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from '../../lib/config';

/**
 * The security headers of every response (helmet). The policy fits what Kestrel serves:
 * the console is its own scripts and styles (MUI writes its styles inline, so styles allow
 * 'unsafe-inline'; scripts never do), no page may be framed (clickjacking), no response is
 * sniffed into another type, and no link tells another site where it came from (links can
 * carry signed tokens). HSTS and the upgrade of plain requests apply in production only,
 * where Kestrel is served over https; a developer's http://localhost keeps working.
 */
export function securityHeaders(config: Config): RequestHandler {
  const production = config.NODE_ENV === 'production';
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: production ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}
