import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import { Problem } from './http/problem';

export const CONSOLE_DIST = path.resolve(__dirname, '..', 'admin-ui', 'dist');

/** The console's index page for one of its routes outside /admin (the sign-up wizard's `/signup`). */
export function consolePage(dist = CONSOLE_DIST): RequestHandler {
  const index = path.join(dist, 'index.html');
  return (_req, res) => {
    if (!existsSync(index)) throw Problem.unavailable('The admin console has not been built: run `npm run build`.');
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
}

/** The built react-admin console, with every unknown path under it answered by its index page. */
export function consoleRoutes(dist = CONSOLE_DIST): Router {
  const router = Router();
  if (!existsSync(path.join(dist, 'index.html'))) {
    router.use(() => {
      throw Problem.unavailable('The admin console has not been built: run `npm run build`.');
    });
    return router;
  }
  router.use(express.static(dist, { index: 'index.html', maxAge: '1h' }));
  router.get('/{*rest}', (_req, res) => res.sendFile(path.join(dist, 'index.html')));
  return router;
}
