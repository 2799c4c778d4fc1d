import { Divider, Link, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography, useMediaQuery, type Theme } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatMoney } from '../../format';
import type { Invoice } from './billingRecord';
import { useBillingDates } from './billingFormat';
import { InvoiceStatusChip } from './InvoiceStatusChip';

/** Stripe's pages for the invoice: to read (and pay, while open) it, and its PDF. */
function InvoiceLinks({ invoice }: { invoice: Invoice }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={2} sx={{ whiteSpace: 'nowrap' }}>
      {invoice.hosted_invoice_url && (
        <Link href={invoice.hosted_invoice_url} target="_blank" rel="noopener noreferrer" data-testid="invoice-view">
          {translate(invoice.status === 'open' ? 'kestrel.billing.pay' : 'kestrel.billing.view')}
        </Link>
      )}
      {invoice.invoice_pdf && (
        <Link href={invoice.invoice_pdf} target="_blank" rel="noopener noreferrer" data-testid="invoice-pdf">
          {translate('kestrel.billing.pdf')}
        </Link>
      )}
    </Stack>
  );
}

/** Paid on a day; open with why its last charge failed; otherwise nothing to add. */
function Settlement({ invoice }: { invoice: Invoice }) {
  const dates = useBillingDates();
  if (invoice.paid_at) return <>{dates.date(invoice.paid_at)}</>;
  if (invoice.last_payment_error) {
    return (
      <Typography variant="body2" color="error" component="span" data-testid="invoice-error">
        {invoice.last_payment_error}
      </Typography>
    );
  }
  return <>—</>;
}

/**
 * Invoices, newest first: number, period, amount, status, when it was paid (or why its
 * charge failed) and Stripe's links. A table on a desk; on a phone each invoice is a few
 * lines of its own.
 */
export function InvoiceTable({ invoices }: { invoices: Invoice[] }) {
  const translate = useTranslate();
  const dates = useBillingDates();
  const narrow = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  if (invoices.length === 0) return <Typography color="text.secondary">{translate('kestrel.billing.no_invoices')}</Typography>;
  if (narrow) {
    return (
      <Stack divider={<Divider flexItem />} spacing={1.5} data-testid="invoices">
        {invoices.map((invoice) => (
          <Stack key={invoice.id} spacing={0.5} data-testid="invoice-row" data-status={invoice.status}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
              <Typography variant="body1" sx={{ fontVariantNumeric: 'tabular-nums' }} data-testid="invoice-amount">
                {formatMoney(invoice.total_cents, invoice.currency)}
              </Typography>
              <InvoiceStatusChip status={invoice.status} />
            </Stack>
            <Typography variant="body2" color="text.secondary">
              {[invoice.number, dates.period(invoice.period_start, invoice.period_end)].filter(Boolean).join(' · ')}
            </Typography>
            {(invoice.paid_at || invoice.last_payment_error) && (
              <Typography variant="body2">
                {invoice.paid_at ? translate('kestrel.billing.paid_on', { at: dates.date(invoice.paid_at) }) : <Settlement invoice={invoice} />}
              </Typography>
            )}
            <InvoiceLinks invoice={invoice} />
          </Stack>
        ))}
      </Stack>
    );
  }
  return (
    <Table size="small" data-testid="invoices">
      <TableHead>
        <TableRow>
          <TableCell>{translate('kestrel.billing.invoice_number')}</TableCell>
          <TableCell>{translate('kestrel.billing.invoice_period')}</TableCell>
          <TableCell align="right">{translate('kestrel.billing.invoice_amount')}</TableCell>
          <TableCell>{translate('kestrel.billing.invoice_status_label')}</TableCell>
          <TableCell>{translate('kestrel.billing.invoice_paid_at')}</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {invoices.map((invoice) => (
          <TableRow key={invoice.id} data-testid="invoice-row" data-status={invoice.status}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{invoice.number ?? '—'}</TableCell>
            <TableCell>{dates.period(invoice.period_start, invoice.period_end) || dates.date(invoice.created_at)}</TableCell>
            <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }} data-testid="invoice-amount">
              {formatMoney(invoice.total_cents, invoice.currency)}
            </TableCell>
            <TableCell>
              <InvoiceStatusChip status={invoice.status} />
            </TableCell>
            <TableCell>
              <Settlement invoice={invoice} />
            </TableCell>
            <TableCell>
              <InvoiceLinks invoice={invoice} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
