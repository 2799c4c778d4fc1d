import { Chip, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import { DataTable, List, SimpleList, useTranslate } from 'react-admin';
import { auditActionLabel } from '../../catalogue';
import { ListLoadError } from '../../feedback/LoadError';
import { formatDateTime } from '../../format';
import { SupportSessionDetails } from '../../support/SupportSessionDetails';
import { CursorPagination } from '../CursorPagination';

interface ActivityRecord {
  id: string;
  created_at: string;
  action: string;
  actor_type: string;
  /** Who by name: one of the company's people, a Kestrel operator, an API key; null for Kestrel's own steps. */
  actor_name: string | null;
  support_session_id: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

function Actor({ record }: { record: ActivityRecord }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }} component="span">
      <span>
        {translate(`kestrel.portal.actors.${record.actor_type}`, { _: record.actor_type })}
        {record.actor_name && (
          <Typography component="span" variant="body2" color="text.secondary">
            {' '}
            · {record.actor_name}
          </Typography>
        )}
      </span>
      {record.support_session_id && <Chip size="small" color="info" label={translate('kestrel.portal.support_session')} />}
    </Stack>
  );
}

/** What the line says happened, and what it adds: the pages a support session read, a change it asked for. */
function What({ record }: { record: ActivityRecord }) {
  return (
    <Stack spacing={0.5}>
      <span>{auditActionLabel(record.action)}</span>
      <SupportSessionDetails action={record.action} details={record.details ?? {}} />
    </Stack>
  );
}

/** What happened to the company and who did it, newest first, in words; support sessions are marked. */
export function PortalActivityList() {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List perPage={25} pagination={<CursorPagination />} error={<ListLoadError />} actions={false}>
      {isSmall ? (
        <SimpleList<ActivityRecord>
          primaryText={(r) => <What record={r} />}
          secondaryText={(r) => formatDateTime(r.created_at)}
          tertiaryText={(r) => <Actor record={r} />}
          linkType={false}
        />
      ) : (
        <DataTable<ActivityRecord> bulkActionButtons={false} rowClick={false}>
          <DataTable.Col source="created_at" label="kestrel.portal.when" render={(r) => formatDateTime(r.created_at)} sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }} />
          <DataTable.Col source="action" label="kestrel.portal.what" render={(r) => <What record={r as ActivityRecord} />} sx={{ verticalAlign: 'top' }} />
          <DataTable.Col source="actor_type" label="kestrel.portal.who" render={(r) => <Actor record={r as ActivityRecord} />} sx={{ verticalAlign: 'top' }} />
          <DataTable.Col source="reason" label="kestrel.portal.reason" sx={{ verticalAlign: 'top' }} />
        </DataTable>
      )}
    </List>
  );
}
