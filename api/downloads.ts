import { open } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { recordAudit } from '../db/audit';
import { DataExport } from '../db/models';
import { withOperatorAccess } from '../db/tenant-context';
import type { Config } from '../lib/config';
import { exportDirectory, exportLinkSignatureValid } from '../lib/export-links';
import { requestIdOf } from './http/audit-actor';
import { ApiRouter } from './http/endpoint';
import { Problem } from './http/problem';

const DOWNLOADER = { type: 'system' as const, id: 'export-download' };

const linkQuery = z.object({
  expires: z.string().optional().describe("The link's expiry, in Unix seconds, as the export record gives it"),
  signature: z.string().optional().describe('HMAC-SHA256 of the export and the expiry, hex'),
});

const refused = (detail: string) => new Problem(403, 'Forbidden', detail);

/**
 * Downloads by signed link, outside `/api`: no session, no key; the signature is the
 * credential, so a link can be handed to whoever should fetch the file. A link names one
 * export and an expiry no later than the export's own; both are signed. Each download is
 * written to the tenant's audit log.
 */
export function downloadRoutes(deps: { config: Config; secret: string }): ApiRouter {
  const dir = exportDirectory(deps.config);
  return new ApiRouter('/downloads', { security: [{ signedLink: [] }] }).endpoint(
    {
      method: 'get',
      path: '/exports/:id',
      summary: "A data export's zip, by the signed link of its record (download_url)",
      tags: ['downloads'],
      params: z.object({ id: z.uuid() }),
      query: linkQuery,
      responses: {
        200: { description: 'The zip: one NDJSON file per table and manifest.json', contentType: 'application/zip', schema: z.string() },
        403: { description: 'The signature is wrong, or the link has expired' },
        404: { description: 'No such export' },
        410: { description: 'The export has expired and its file is gone' },
      },
    },
    async ({ params, query }, req, res) => {
      // A signature of another shape is as wrong as a wrong one: the link is a credential, not a form.
      const expires = /^\d{1,12}$/.test(query.expires ?? '') ? Number(query.expires) : null;
      const signature = /^[0-9a-f]{64}$/i.test(query.signature ?? '') ? query.signature!.toLowerCase() : null;
      if (expires === null || signature === null || !exportLinkSignatureValid(deps.secret, params.id, expires, signature)) {
        throw refused('This download link is not valid.');
      }
      const row = await withOperatorAccess(DOWNLOADER, () => DataExport.query().findById(params.id));
      if (!row) throw Problem.notFound(`No export ${params.id}`);
      // A genuine link to an export that is over says so, rather than only that the link is.
      const gone = () => new Problem(410, 'Gone', 'This export has expired and its file was deleted; ask for a new export.');
      if (row.status === 'expired' || (row.expires_at && new Date(row.expires_at).getTime() <= Date.now())) throw gone();
      if (expires * 1000 <= Date.now()) throw refused("This download link has expired; the export's record gives the current one while the export lasts.");
      if (row.status !== 'completed' || !row.file_path) throw Problem.notFound(`Export ${params.id} has no file yet.`);

      let file;
      try {
        file = await open(path.resolve(dir, row.file_path), 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw gone();
        throw error;
      }
      try {
        const { size } = await file.stat();
        await withOperatorAccess(DOWNLOADER, () =>
          recordAudit({
            tenantId: row.tenant_id,
            actor: DOWNLOADER,
            action: 'data_export.downloaded',
            target: { type: 'data_export', id: row.id },
            requestId: requestIdOf(req),
            details: { ip: req.ip ?? null, user_agent: req.get('user-agent')?.slice(0, 300) ?? null, size_bytes: size },
          }),
        );
        res.status(200);
        res.setHeader('Content-Type', 'application/zip');
        res.setHeader('Content-Length', String(size));
        res.setHeader('Content-Disposition', `attachment; filename="${row.file_name ?? `${row.id}.zip`}"`);
        res.setHeader('Cache-Control', 'private, no-store');
        res.setHeader('X-Content-Type-Options', 'nosniff');
        try {
          await pipeline(file.createReadStream({ autoClose: false }), res);
        } catch (error) {
          // A client that stops the download is not an error of ours.
          if ((error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
          throw error;
        }
      } finally {
        await file.close();
      }
    },
  );
}
