import type { ReactNode } from 'react';
import { List, SearchInput, SelectInput } from 'react-admin';
import { EmptyList } from '../feedback/EmptyList';
import { ListLoadError } from '../feedback/LoadError';
import { TenantFilter } from '../inputs/TenantFilter';

/**
 * The frame of the operators' lists of what companies keep about their customers (jobs,
 * customer invoices, campaigns): newest first, searched, narrowed to a company and a status,
 * read-only, with its own words when empty.
 */
export function CompanyRecordList(props: {
  statusChoices: Array<{ id: string; name: string }>;
  /** The i18n keys of the empty list (`kestrel.<words>.empty`, `.empty_hint`) and its test id. */
  words: string;
  emptyTestId: string;
  children: ReactNode;
}) {
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <TenantFilter key="tenant_id" source="tenant_id" alwaysOn />,
    <SelectInput key="status" source="status" choices={props.statusChoices} alwaysOn />,
  ];
  return (
    <List
      filters={filters}
      sort={{ field: 'created_at', order: 'DESC' }}
      perPage={25}
      exporter={false}
      empty={<EmptyList title={`kestrel.${props.words}.empty`} hint={`kestrel.${props.words}.empty_hint`} testId={props.emptyTestId} />}
      error={<ListLoadError />}
    >
      {props.children}
    </List>
  );
}
