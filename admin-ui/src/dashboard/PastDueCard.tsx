import { Card, CardHeader, List, ListItemButton, ListItemText } from '@mui/material';
import { useCreatePath, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { CURRENCY } from '../../../domain/billing';
import { formatDateTime, formatMoney } from '../format';
import { AllClear, LoadingRows } from './ListCardStates';
import type { Stats } from './stats';

/** Tenants whose payment failed, still answered during their grace: the ones to call before they are suspended. */
export function PastDueCard({ tenants }: { tenants?: Stats['past_due_tenants'] }) {
  const translate = useTranslate();
  const createPath = useCreatePath();
  return (
    <Card sx={{ height: '100%' }}>
      <CardHeader
        title={translate('kestrel.dashboard.past_due')}
        subheader={tenants?.length ? translate('kestrel.dashboard.past_due_hint', { smart_count: tenants.length }) : translate('kestrel.dashboard.past_due_none_hint')}
      />
      {!tenants ? (
        <LoadingRows />
      ) : tenants.length === 0 ? (
        <AllClear message="kestrel.dashboard.no_past_due" />
      ) : (
        <List dense data-testid="past-due-tenants">
          {tenants.map((t) => (
            <ListItemButton key={t.id} component={Link} to={createPath({ resource: 'tenants', id: t.id, type: 'show' })}>
              <ListItemText
                primary={t.company_name}
                secondary={[
                  translate('kestrel.dashboard.past_due_amount', { amount: formatMoney(t.amount_due_cents, CURRENCY) }),
                  t.since && translate('kestrel.dashboard.past_due_since', { at: formatDateTime(t.since) }),
                  t.grace_ends_at && translate('kestrel.dashboard.past_due_until', { at: formatDateTime(t.grace_ends_at) }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              />
            </ListItemButton>
          ))}
        </List>
      )}
    </Card>
  );
}
