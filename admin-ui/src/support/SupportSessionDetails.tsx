import { Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

const isCounts = (value: unknown): value is Record<string, number> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((n) => typeof n === 'number');

/** A tenant API path (`/api/v1/calls/…`, or an admin route on the tenant) as the company's page it serves. */
function usePageName() {
  const translate = useTranslate();
  return (path: string) => {
    const [area = '', ...rest] = path
      .replace(/^\/api\/v1\//, '')
      .replace(/^\/api\/admin\/tenants\/[^/]+\/?/, '')
      .split('/')
      .filter(Boolean);
    const page = translate(`kestrel.support.pages.${area || 'company'}`, { _: area || path });
    // A record's id is long; its start tells records apart.
    const record = rest.map((part) => (part.length > 12 ? `${part.slice(0, 8)}…` : part)).join(' / ');
    return record ? `${page} · ${record}` : page;
  };
}

/**
 * What a support session's line in an activity log adds: on the line that closes it, the
 * pages read in it and how often; on a change asked for in it, which and how it was answered.
 */
export function SupportSessionDetails({ action, details }: { action: string; details: Record<string, unknown> }) {
  const translate = useTranslate();
  const pageName = usePageName();
  if (isCounts(details.pages_viewed)) {
    const pages = Object.entries(details.pages_viewed).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
    return (
      <Typography variant="body2" component="div" data-testid="pages-viewed">
        <Typography component="span" variant="body2" color="text.secondary">
          {translate('kestrel.support.pages_viewed')}:{' '}
        </Typography>
        {pages.length === 0
          ? translate('kestrel.support.no_pages_viewed')
          : pages.map(([path, count]) => translate('kestrel.support.page_count', { page: pageName(path), count })).join(', ')}
      </Typography>
    );
  }
  if (action === 'support_session.request' && typeof details.path === 'string') {
    const status = Number(details.status);
    const outcome = status < 400 ? 'kestrel.support.change_done' : status === 403 ? 'kestrel.support.change_refused' : 'kestrel.support.change_failed';
    return (
      <Typography variant="body2" component="div" data-testid="support-change">
        {translate(outcome, { page: pageName(details.path), method: String(details.method ?? ''), status })}
      </Typography>
    );
  }
  return null;
}
