import type { MouseEvent } from 'react';
import { Link, ReferenceField, TextField, useTranslate } from 'react-admin';
import { Typography } from '@mui/material';
import type { TenantRecord } from '../tenantRecord';

const stop = (e: MouseEvent) => e.stopPropagation();

/** The list of a company's locations: the tenant list filtered by their parent. */
export const locationsOf = (companyId: string) => ({ pathname: '/tenants', search: `filter=${encodeURIComponent(JSON.stringify({ parent_tenant_id: companyId }))}` });

/**
 * Where a tenant sits in its company, in a list row: a location names its company, a
 * company with locations links to them. A single-site company says nothing. Inside a row
 * that is itself a link (a phone's list), it is text: links do not nest.
 */
export function LocationLine({ record, linked = true }: { record: TenantRecord; linked?: boolean }) {
  const translate = useTranslate();
  if (record.parent_tenant_id) {
    return (
      <Typography variant="caption" color="text.secondary" component="span" sx={{ display: 'block' }} data-testid="parent-company">
        {translate('kestrel.locations.location_of')}{' '}
        <ReferenceField record={record} source="parent_tenant_id" reference="tenants" link={linked ? 'show' : false}>
          <TextField source="company_name" variant="caption" />
        </ReferenceField>
      </Typography>
    );
  }
  if (!record.location_count) return null;
  const count = translate('kestrel.locations.count', { smart_count: record.location_count });
  return (
    <Typography variant="caption" component="span" color={linked ? undefined : 'text.secondary'} sx={{ display: 'block' }} data-testid={linked ? undefined : 'location-count'}>
      {linked ? (
        <Link to={locationsOf(record.id)} onClick={stop} data-testid="location-count" data-count={record.location_count}>
          {count}
        </Link>
      ) : (
        count
      )}
    </Typography>
  );
}
