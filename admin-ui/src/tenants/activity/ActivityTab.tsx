import { Typography } from '@mui/material';
import { DataTable, useGetIdentity, useTranslate } from 'react-admin';
import { DateTimeField } from '../../fields/DateTimeField';
import { auditActionLabel } from '../../catalogue';
import { formatDateTime } from '../../format';
import { RecordEntries, TenantRecordsTab } from '../TenantRecordsTab';
import { AuditChange, type AuditEntryRecord } from './AuditChange';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who acted: the kind of actor, and by name, as the API reads it with the entry (the
 * signed-in operator is "you"). An account gone since shows the start of its id (the
 * whole id on hover).
 */
function useActor() {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  return (entry: AuditEntryRecord) => {
    const kind = translate(`kestrel.audit.actors.${entry.actor_type}`, { _: entry.actor_type });
    const id = entry.actor_id;
    if (!id || id === entry.actor_type) return { kind };
    if (identity && id === String(identity.id)) return { kind, who: identity.fullName ?? translate('kestrel.audit.you'), id };
    if (entry.actor_name) return { kind, who: entry.actor_name, id };
    return { kind, who: UUID.test(id) ? `${id.slice(0, 8)}…` : id, id };
  };
}

function Actor({ entry }: { entry: AuditEntryRecord }) {
  const actor = useActor()(entry);
  return (
    <>
      {actor.kind}
      {actor.who && (
        <Typography variant="caption" color="text.secondary" component="div" title={actor.id}>
          {actor.who}
        </Typography>
      )}
    </>
  );
}

/** The action in the words the platform's vocabulary gives it (domain/audit-actions.ts). */
const actionName = (entry: AuditEntryRecord) => auditActionLabel(entry.action);

function Action({ entry }: { entry: AuditEntryRecord }) {
  return <>{actionName(entry)}</>;
}

function ActivityTable() {
  return (
    <DataTable<AuditEntryRecord> bulkActionButtons={false} rowClick={false} data-testid="activity">
      <DataTable.Col source="created_at" sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
        <DateTimeField source="created_at" />
      </DataTable.Col>
      <DataTable.Col source="actor_type" render={(r) => <Actor entry={r as AuditEntryRecord} />} sx={{ verticalAlign: 'top', whiteSpace: 'nowrap' }} />
      <DataTable.Col source="action" render={(r) => <Action entry={r as AuditEntryRecord} />} sx={{ verticalAlign: 'top', whiteSpace: 'nowrap' }} />
      <DataTable.Col source="details" disableSort render={(r) => <AuditChange entry={r as AuditEntryRecord} />} sx={{ verticalAlign: 'top' }} />
      <DataTable.Col source="reason" disableSort sx={{ verticalAlign: 'top' }} />
    </DataTable>
  );
}

/** On a phone each entry reads top to bottom: what, when and by whom, what changed, why. */
function ActivityEntries() {
  const actorOf = useActor();
  return (
    <RecordEntries<AuditEntryRecord> testId="activity">
      {(entry) => {
        const actor = actorOf(entry);
        return (
          <>
            <Typography variant="subtitle2">{actionName(entry)}</Typography>
            <Typography variant="caption" color="text.secondary" title={actor.id}>
              {formatDateTime(entry.created_at)} · {actor.kind}
              {actor.who ? ` (${actor.who})` : ''}
            </Typography>
            <AuditChange entry={entry} />
            {entry.reason && <Typography variant="body2">{entry.reason}</Typography>}
          </>
        );
      }}
    </RecordEntries>
  );
}

/** The tenant's audit log, newest first: lifecycle transitions and operators' edits, with what each changed. */
export function ActivityTab() {
  return <TenantRecordsTab reference="audit-log" newestBy="created_at" empty="kestrel.audit.empty" table={<ActivityTable />} narrowList={<ActivityEntries />} />;
}
