import { createHmac, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import type { Config } from './config';

/**
 * Where data exports are written (the workers) and served from (the API): one directory
 * every process sees. Relative settings are taken from the working directory, as the
 * erasure activities take them.
 */
export const exportDirectory = (config: Config): string => path.resolve(config.EXPORT_DIR ?? path.join(config.DATA_DIR, 'exports'));

/** The zip of an export, relative to the export directory. Staging files share its prefix (the export's id). */
export const exportZipName = (exportId: string): string => `${exportId}.zip`;

/**
 * Download links are signed, not stored: HMAC-SHA256 of the export and the link's expiry
 * under a key derived from the server secret (the API key secret, as invitation tokens
 * are). The link is then the credential; changing the id or the expiry breaks it, and no
 * table holds anything that would let someone rebuild it.
 */
const linkKey = (secret: string) => createHmac('sha256', secret).update('kestrel-export-download:v1').digest();

export function exportLinkSignature(secret: string, exportId: string, expiresUnix: number): string {
  return createHmac('sha256', linkKey(secret)).update(`${exportId}:${expiresUnix}`).digest('hex');
}

/** The signed path of an export's download, valid until `expiresAt` (to the second, never later). */
export function exportDownloadPath(secret: string, exportId: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `/downloads/exports/${exportId}?expires=${expires}&signature=${exportLinkSignature(secret, exportId, expires)}`;
}

/** Whether `signature` is the one for this export and expiry, compared in constant time. */
export function exportLinkSignatureValid(secret: string, exportId: string, expiresUnix: number, signature: string): boolean {
  const expected = Buffer.from(exportLinkSignature(secret, exportId, expiresUnix), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
