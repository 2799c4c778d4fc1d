import { Chip, Stack, Typography } from '@mui/material';
import { DataTable, useTranslate } from 'react-admin';
import { formatDateTime } from '../../format';
import { RecordEntries, TenantRecordsTab } from '../TenantRecordsTab';

/** A support session as the admin API lists it (`GET /api/admin/support-sessions?filter={"tenant_id":…}`). */
export interface SupportSessionRecord {
  id: string;
  tenant_id: string;
  operator_id: string;
  operator_name: string | null;
  reason: string;
  ticket_ref: string | null;
  can_write: boolean;
  granted_by: string | null;
  granted_by_name: string | null;
  write_granted_at: string | null;
  started_at: string;
  expires_at: string;
  ended_at: string | null;
  state: 'open' | 'ended' | 'expired';
  pages_viewed: Record<string, number>;
}

const STATE_COLOURS = { open: 'warning', ended: 'default', expired: 'default' } as const;

function useParts() {
  const translate = useTranslate();
  return {
    operator: (s: SupportSessionRecord) => s.operator_name ?? s.operator_id,
    closed: (s: SupportSessionRecord) =>
      s.state === 'open'
        ? translate('kestrel.support_sessions.until', { at: formatDateTime(s.expires_at) })
        : translate(`kestrel.support_sessions.closed_${s.state}`, { at: formatDateTime(s.ended_at ?? s.expires_at) }),
    access: (s: SupportSessionRecord) =>
      s.can_write
        ? translate('kestrel.support_sessions.write_by', { who: s.granted_by_name ?? s.granted_by ?? '—', at: s.write_granted_at ? formatDateTime(s.write_granted_at) : '' })
        : translate('kestrel.support_sessions.read_only'),
    pages: (s: SupportSessionRecord) => translate('kestrel.support_sessions.pages', { smart_count: Object.values(s.pages_viewed ?? {}).reduce((a, b) => a + b, 0) }),
    state: (s: SupportSessionRecord) => (
      <Chip size="small" variant="outlined" color={STATE_COLOURS[s.state]} label={translate(`kestrel.support_sessions.states.${s.state}`)} data-testid="support-session-state" />
    ),
  };
}

function SessionsTable() {
  const parts = useParts();
  return (
    <DataTable<SupportSessionRecord> bulkActionButtons={false} rowClick={false} data-testid="support-sessions">
      <DataTable.Col source="operator_name" disableSort render={(r) => parts.operator(r as SupportSessionRecord)} sx={{ verticalAlign: 'top', whiteSpace: 'nowrap' }} />
      <DataTable.Col source="started_at" disableSort render={(r) => formatDateTime(r.started_at)} sx={{ verticalAlign: 'top', whiteSpace: 'nowrap' }} />
      <DataTable.Col
        source="state"
        disableSort
        render={(r) => (
          <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
            {parts.state(r as SupportSessionRecord)}
            <Typography variant="caption" color="text.secondary">
              {parts.closed(r as SupportSessionRecord)}
            </Typography>
          </Stack>
        )}
        sx={{ verticalAlign: 'top' }}
      />
      <DataTable.Col source="can_write" disableSort render={(r) => parts.access(r as SupportSessionRecord)} sx={{ verticalAlign: 'top' }} />
      <DataTable.Col source="pages_viewed" disableSort render={(r) => parts.pages(r as SupportSessionRecord)} sx={{ verticalAlign: 'top', whiteSpace: 'nowrap' }} />
      <DataTable.Col source="reason" disableSort render={(r) => [r.reason, r.ticket_ref].filter(Boolean).join(' · ')} sx={{ verticalAlign: 'top' }} />
    </DataTable>
  );
}

/** On a phone each session reads top to bottom: who and when, how it ended, what it could do, why. */
function SessionEntries() {
  const parts = useParts();
  return (
    <RecordEntries<SupportSessionRecord> testId="support-sessions" entryTestId="support-session">
      {(s) => (
        <>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography variant="subtitle2">{parts.operator(s)}</Typography>
            {parts.state(s)}
          </Stack>
          <Typography variant="caption" color="text.secondary">
            {formatDateTime(s.started_at)} · {parts.closed(s)}
          </Typography>
          <Typography variant="body2">
            {parts.access(s)} · {parts.pages(s)}
          </Typography>
          <Typography variant="body2">{[s.reason, s.ticket_ref].filter(Boolean).join(' · ')}</Typography>
        </>
      )}
    </RecordEntries>
  );
}

/**
 * The tenant's support sessions, open and past, newest first: which operator, when it
 * opened and how it closed (ended, or ran out of time), whether it could change things and
 * who let it, how many pages it read, and why it was opened.
 */
export function SupportSessionsTab() {
  return (
    <TenantRecordsTab reference="support-sessions" newestBy="started_at" empty="kestrel.support_sessions.none" table={<SessionsTable />} narrowList={<SessionEntries />} />
  );
}
