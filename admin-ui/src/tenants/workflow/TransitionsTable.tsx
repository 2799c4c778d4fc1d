import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { Transition } from '../../../../workflows/tenant-messages';
import { formatDateTime } from '../../format';
import { StatusChip } from '../StatusChip';

/** The workflow keeps its most recent transitions; newest first reads like a log. */
export function TransitionsTable({ transitions }: { transitions: Transition[] }) {
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
            <TableCell>{translate(`kestrel.transitions.${t.action}`, { _: t.action })}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <StatusChip status={t.from} /> → <StatusChip status={t.to} />
            </TableCell>
            <TableCell>{t.by}</TableCell>
            <TableCell>{t.reason ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
