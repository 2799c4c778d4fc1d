import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import { Chip, Menu, MenuItem } from '@mui/material';
import { useState, type MouseEvent } from 'react';
import { useNotify, useRecordContext, useTranslate, useUpdate } from 'react-admin';
import type { AppointmentRecord } from './appointmentRecord';
import { APPOINTMENT_COLOURS } from './AppointmentStatusChip';
import { APPOINTMENT_STATUSES } from './choices';

/**
 * The status badge of a list row, which is also how an operator changes it in one
 * click (confirming the visits the agent booked is the daily routine). Only the status
 * is sent; the row shows the API's answer.
 */
export function QuickStatusMenu(_props: { source?: string; label?: string }) {
  const translate = useTranslate();
  const notify = useNotify();
  const record = useRecordContext<AppointmentRecord>();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [update, { isPending }] = useUpdate<AppointmentRecord>();
  if (!record) return null;

  const open = (event: MouseEvent<HTMLElement>) => {
    event.stopPropagation();
    setAnchor(event.currentTarget);
  };
  const choose = (status: string) => {
    setAnchor(null);
    update(
      'appointments',
      { id: record.id, data: { status }, previousData: record },
      {
        onSuccess: () => notify('kestrel.appointments.status_changed', { type: 'success', messageArgs: { status: translate(`kestrel.appointment_status.${status}`) } }),
        onError: (error) => notify('kestrel.appointments.status_failed', { type: 'error', messageArgs: { reason: (error as Error).message } }),
      },
    );
  };
  const label = translate(`kestrel.appointment_status.${record.status}`, { _: record.status });

  return (
    <>
      <Chip
        size="small"
        label={label}
        color={APPOINTMENT_COLOURS[record.status] ?? 'default'}
        variant={record.status === 'cancelled' ? 'outlined' : 'filled'}
        onClick={open}
        onDelete={open}
        deleteIcon={<ArrowDropDownIcon />}
        disabled={isPending}
        aria-haspopup="menu"
        aria-label={translate('kestrel.appointments.change_status', { status: label })}
        data-testid="appointment-status"
        data-value={record.status}
      />
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)} onClick={(e) => e.stopPropagation()}>
        {APPOINTMENT_STATUSES.map((status) => (
          <MenuItem key={status} selected={status === record.status} disabled={status === record.status} onClick={() => choose(status)}>
            {translate(`kestrel.appointment_status.${status}`)}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
