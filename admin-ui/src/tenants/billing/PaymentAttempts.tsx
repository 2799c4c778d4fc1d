import { Divider, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography, useMediaQuery, type Theme } from '@mui/material';
import { useTranslate } from 'react-admin';
import { ValueChip } from '../../fields/ValueChip';
import { formatMoney } from '../../format';
import type { PaymentAttempt } from './billingRecord';
import { useBillingDates } from './billingFormat';

function OutcomeChip({ outcome }: { outcome: PaymentAttempt['outcome'] }) {
  return <ValueChip value={outcome} prefix="kestrel.billing.attempt_outcome" colours={{ succeeded: 'success', failed: 'error' }} testId="attempt-outcome" />;
}

/** Every charge Kestrel asked Stripe for, newest first: when, for which invoice, how much, and why it failed. */
export function PaymentAttempts({ attempts }: { attempts: PaymentAttempt[] }) {
  const translate = useTranslate();
  const dates = useBillingDates();
  const narrow = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  if (attempts.length === 0) return <Typography color="text.secondary">{translate('kestrel.billing.no_attempts')}</Typography>;
  if (narrow) {
    return (
      <Stack divider={<Divider flexItem />} spacing={1.5} data-testid="payment-attempts">
        {attempts.map((attempt) => (
          <Stack key={attempt.id} spacing={0.5} data-testid="payment-attempt" data-outcome={attempt.outcome}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
              <Typography sx={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoney(attempt.amount_cents, attempt.currency)}</Typography>
              <OutcomeChip outcome={attempt.outcome} />
            </Stack>
            <Typography variant="body2" color="text.secondary">
              {[dates.dateTime(attempt.at), attempt.invoice_number].filter(Boolean).join(' · ')}
            </Typography>
            {attempt.reason && <Typography variant="body2">{attempt.reason}</Typography>}
          </Stack>
        ))}
      </Stack>
    );
  }
  return (
    <Table size="small" data-testid="payment-attempts">
      <TableHead>
        <TableRow>
          <TableCell>{translate('kestrel.billing.attempt_at')}</TableCell>
          <TableCell>{translate('kestrel.billing.invoice_number')}</TableCell>
          <TableCell align="right">{translate('kestrel.billing.invoice_amount')}</TableCell>
          <TableCell>{translate('kestrel.billing.attempt_outcome_label')}</TableCell>
          <TableCell>{translate('kestrel.billing.attempt_reason')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {attempts.map((attempt) => (
          <TableRow key={attempt.id} data-testid="payment-attempt" data-outcome={attempt.outcome}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{dates.dateTime(attempt.at)}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{attempt.invoice_number ?? '—'}</TableCell>
            <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatMoney(attempt.amount_cents, attempt.currency)}
            </TableCell>
            <TableCell>
              <OutcomeChip outcome={attempt.outcome} />
            </TableCell>
            <TableCell>{attempt.reason ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
