import { AutocompleteInput, ReferenceInput, useResourceContext } from 'react-admin';
import { BY_COMPANY } from '../fields/TenantLink';

/**
 * A list's filter on a company, picked by name. The list's filter form reads `source` and
 * `alwaysOn` from this element's own props, so both are given here, not defaulted.
 */
export function TenantFilter({ source, alwaysOn }: { source: string; alwaysOn?: boolean }) {
  const resource = useResourceContext();
  return (
    <ReferenceInput source={source} reference="tenants" sort={BY_COMPANY} alwaysOn={alwaysOn}>
      <AutocompleteInput optionText="company_name" label={`resources.${resource}.fields.${source}`} sx={{ minWidth: 260 }} />
    </ReferenceInput>
  );
}
