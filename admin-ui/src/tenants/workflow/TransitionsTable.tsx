import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { Transition } from '../../../../workflows/tenant-messages';
import { transitionLabel } from '../../catalogue';
import { formatDateTime } from '../../format';
import { StatusChip } from '../StatusChip';

/** A transition as the admin API answers it: with the name of the operator behind it, when one was. */
export type NamedTransition = Transition & { by_name?: string | null };

/** Who made the transition: the operator by name, the system's timers in words. */
function useBy() {
  const translate = useTranslate();
  return (t: NamedTransition) => t.by_name ?? (t.by === 'system' ? translate('kestrel.audit.actors.system') : t.by);
}

/** The workflow keeps its most recent transitions; newest first reads like a log. */
export function TransitionsTable({ transitions }: { transitions: NamedTransition[] }) {
  const by = useBy();
  const translate = useTranslate();
  if (transitions.length === 0) return <Typography color="text.secondary">{translate('kestrel.workflow.no_transitions')}</Typography>;
  return (
    <Table size="small" data-testid="transitions">
      <TableHead>
        <TableRow>
          <TableCell>{translate('kestrel.workflow.columns.at')}</TableCell>
          <TableCell>{translate('kestrel.workflow.columns.action')}</TableCell>
          <TableCell>{translate('kestrel.workflow.columns.change')}</TableCell>
          <TableCell>{translate('kestrel.workflow.columns.by')}</TableCell>
          <TableCell>{translate('kestrel.workflow.columns.reason')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {[...transitions].reverse().map((t) => (
          <TableRow key={t.seq}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(t.at)}</TableCell>
            <TableCell>{transitionLabel(t.action)}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <StatusChip status={t.from} /> → <StatusChip status={t.to} />
            </TableCell>
            <TableCell title={t.by}>{by(t)}</TableCell>
            <TableCell>{t.reason ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
