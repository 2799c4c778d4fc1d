import { httpClient } from '../http/httpClient';

/** An e-mail as the provider holds the sent copy (`GET /api/admin/emails/:id/preview`); single-use links come without their token. */
export interface EmailPreview {
  subject: string;
  from: string;
  to: string[];
  html: string | null;
  text: string | null;
}

const emailPath = (id: string) => `/api/admin/emails/${encodeURIComponent(id)}`;

export async function previewEmail(id: string): Promise<EmailPreview> {
  return (await httpClient(`${emailPath(id)}/preview`)).json as EmailPreview;
}

/** Sends the e-mail again, as a new one in the log; refused (409) when its single-use link no longer works. */
export async function resendEmail(id: string): Promise<{ id: string; workflow_id: string }> {
  return (await httpClient(`${emailPath(id)}/resend`, { method: 'POST', body: '{}' })).json as { id: string; workflow_id: string };
}
