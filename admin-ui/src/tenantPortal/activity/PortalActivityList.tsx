import { Chip, useMediaQuery, type Theme } from '@mui/material';
import { DataTable, List, SimpleList, useTranslate } from 'react-admin';
import { ListLoadError } from '../../feedback/LoadError';
import { formatDateTime } from '../../format';
import { CursorPagination } from '../CursorPagination';

interface ActivityRecord {
  id: string;
  created_at: string;
  action: string;
  actor_type: string;
  support_session_id: string | null;
  reason: string | null;
}

/** "tenant.settings_updated" → "Tenant settings updated": readable without a catalogue of every action. */
const readable = (action: string) => {
  const words = action.replace(/[._]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function Actor({ record }: { record: ActivityRecord }) {
  const translate = useTranslate();
  return (
    <>
      {translate(`kestrel.portal.actors.${record.actor_type}`, { _: record.actor_type })}
      {record.support_session_id && <Chip size="small" color="info" label={translate('kestrel.portal.support_session')} sx={{ ml: 1 }} />}
    </>
  );
}

/** What happened to the company and who did it, newest first; support sessions are marked. */
export function PortalActivityList() {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List perPage={25} pagination={<CursorPagination />} error={<ListLoadError />} actions={false}>
      {isSmall ? (
        <SimpleList<ActivityRecord>
          primaryText={(r) => readable(r.action)}
          secondaryText={(r) => formatDateTime(r.created_at)}
          tertiaryText={(r) => <Actor record={r} />}
          linkType={false}
        />
      ) : (
        <DataTable<ActivityRecord> bulkActionButtons={false} rowClick={false}>
          <DataTable.Col source="created_at" label="kestrel.portal.when" render={(r) => formatDateTime(r.created_at)} />
          <DataTable.Col source="action" label="kestrel.portal.what" render={(r) => readable(r.action)} />
          <DataTable.Col source="actor_type" label="kestrel.portal.who" render={(r) => <Actor record={r as ActivityRecord} />} />
          <DataTable.Col source="reason" label="kestrel.portal.reason" />
        </DataTable>
      )}
    </List>
  );
}
