import { Box, Divider, LinearProgress, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import { DataTable, DateField, Pagination, ReferenceManyField, useGetIdentity, useListContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../../format';
import { AuditChange, type AuditEntryRecord } from './AuditChange';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who acted: the kind of actor, and which one. The entry holds an id; the signed-in
 * operator is named, another account shows the start of its id (the whole id on hover).
 */
function useActor() {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  return (entry: AuditEntryRecord) => {
    const kind = translate(`kestrel.audit.actors.${entry.actor_type}`, { _: entry.actor_type });
    const id = entry.actor_id;
    if (!id || id === entry.actor_type) return { kind };
    if (identity && id === String(identity.id)) return { kind, who: identity.fullName ?? translate('kestrel.audit.you'), id };
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

function useActionName() {
  const translate = useTranslate();
  // Lifecycle transitions are logged as tenant.<transition>; settings edits as tenant.settings_updated.
  return (entry: AuditEntryRecord) => {
    const name = entry.action.replace(/^tenant\./, '');
    return translate(`kestrel.audit.actions.${name}`, { _: translate(`kestrel.transitions.${name}`, { _: entry.action }) });
  };
}

function Action({ entry }: { entry: AuditEntryRecord }) {
  return <>{useActionName()(entry)}</>;
}

function NoActivity() {
  const translate = useTranslate();
  return <Typography color="text.secondary" sx={{ py: 2 }}>{translate('kestrel.audit.empty')}</Typography>;
}

function ActivityTable() {
  return (
    <DataTable<AuditEntryRecord> bulkActionButtons={false} rowClick={false} data-testid="activity">
      <DataTable.Col source="created_at" render={(r) => <DateField record={r} source="created_at" showTime />} sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }} />
      <DataTable.Col source="actor_type" render={(r) => <Actor entry={r as AuditEntryRecord} />} sx={{ verticalAlign: 'top', whiteSpace: 'nowrap' }} />
      <DataTable.Col source="action" render={(r) => <Action entry={r as AuditEntryRecord} />} sx={{ verticalAlign: 'top', whiteSpace: 'nowrap' }} />
      <DataTable.Col source="details" disableSort render={(r) => <AuditChange entry={r as AuditEntryRecord} />} sx={{ verticalAlign: 'top' }} />
      <DataTable.Col source="reason" disableSort sx={{ verticalAlign: 'top' }} />
    </DataTable>
  );
}

/** On a phone each entry reads top to bottom: what, when and by whom, what changed, why. */
function ActivityEntries() {
  const actionName = useActionName();
  const actorOf = useActor();
  const { data, isPending } = useListContext<AuditEntryRecord>();
  if (isPending) return <LinearProgress sx={{ my: 2 }} />;
  return (
    <Stack divider={<Divider flexItem />} spacing={1.5} sx={{ py: 1 }} data-testid="activity">
      {(data ?? []).map((entry) => {
        const actor = actorOf(entry);
        return (
          <Stack key={entry.id} spacing={0.5}>
            <Typography variant="subtitle2">{actionName(entry)}</Typography>
            <Typography variant="caption" color="text.secondary" title={actor.id}>
              {formatDateTime(entry.created_at)} · {actor.kind}
              {actor.who ? ` (${actor.who})` : ''}
            </Typography>
            <AuditChange entry={entry} />
            {entry.reason && <Typography variant="body2">{entry.reason}</Typography>}
          </Stack>
        );
      })}
    </Stack>
  );
}

/** The tenant's audit log, newest first: lifecycle transitions and operators' edits, with what each changed. */
export function ActivityTab() {
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  return (
    <ReferenceManyField reference="audit-log" target="tenant_id" sort={{ field: 'created_at', order: 'DESC' }} perPage={25} pagination={<Pagination rowsPerPageOptions={[25, 50, 100]} />} empty={<NoActivity />}>
      {narrow ? (
        <ActivityEntries />
      ) : (
        // A table wider than the tab scrolls within it, not the page.
        <Box sx={{ overflowX: 'auto' }}>
          <ActivityTable />
        </Box>
      )}
    </ReferenceManyField>
  );
}
