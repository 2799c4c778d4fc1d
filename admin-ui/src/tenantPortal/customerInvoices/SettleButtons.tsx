import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import { useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { isSettled } from '../../../../domain/customer-invoices';
import { useMessagingWriter } from '../messaging/messagingApi';
import { PORTAL_RESOURCES } from '../tenantDataProvider';
import { useReadAgain } from '../useReadAgain';
import { settleCustomerInvoice, type CustomerInvoiceRecord } from './customerInvoicesApi';

/**
 * Mark paid or void, for an invoice still owed: either stops its reminders at once and
 * cannot be taken back, so each asks first.
 */
export function SettleButtons({ invoice, size = 'small' }: { invoice: CustomerInvoiceRecord; size?: 'small' | 'medium' }) {
  const translate = useTranslate();
  const notify = useNotify();
  const readAgain = useReadAgain(PORTAL_RESOURCES.customerInvoices);
  const writer = useMessagingWriter();
  const [asking, setAsking] = useState<'paid' | 'void'>();
  const [working, setWorking] = useState(false);
  if (!writer || isSettled(invoice.status)) return null;
  const settle = async (status: 'paid' | 'void') => {
    setWorking(true);
    try {
      await settleCustomerInvoice(invoice.id, status);
      notify(status === 'paid' ? 'kestrel.customer_invoices.marked_paid' : 'kestrel.customer_invoices.marked_void', { type: 'success', messageArgs: { number: invoice.number } });
      setAsking(undefined);
      await readAgain();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setWorking(false);
    }
  };
  return (
    // A row's buttons act on the invoice, not open it.
    <Stack direction="row" spacing={1} onClick={(event) => event.stopPropagation()}>
      <Button size={size} variant="outlined" color="success" onClick={() => setAsking('paid')} data-testid="mark-paid">
        {translate('kestrel.customer_invoices.mark_paid')}
      </Button>
      <Button size={size} onClick={() => setAsking('void')} data-testid="mark-void">
        {translate('kestrel.customer_invoices.mark_void')}
      </Button>
      {asking && (
        <Dialog open onClose={working ? undefined : () => setAsking(undefined)} maxWidth="xs" fullWidth aria-labelledby="settle-invoice-title">
          <DialogTitle id="settle-invoice-title">{translate(`kestrel.customer_invoices.${asking}_title`, { number: invoice.number })}</DialogTitle>
          <DialogContent>
            <DialogContentText>{translate(`kestrel.customer_invoices.${asking}_intro`)}</DialogContentText>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setAsking(undefined)} disabled={working}>
              {translate('ra.action.cancel')}
            </Button>
            <Button variant="contained" color={asking === 'void' ? 'error' : 'primary'} onClick={() => void settle(asking)} disabled={working} data-testid={`confirm-mark-${asking}`}>
              {translate(working ? 'kestrel.actions.running' : `kestrel.customer_invoices.mark_${asking}`)}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </Stack>
  );
}
