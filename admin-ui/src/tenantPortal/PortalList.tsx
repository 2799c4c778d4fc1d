import type { ReactElement, ReactNode } from 'react';
import { FilterButton, List, TopToolbar } from 'react-admin';
import { ListLoadError } from '../feedback/LoadError';
import { PortalTimeZone } from './companyTimeZone';
import { CursorPagination } from './CursorPagination';

interface PortalListProps {
  filters: ReactElement[];
  filterDefaultValues?: Record<string, unknown>;
  /** Buttons beside the filter button (a CSV export). */
  actions?: ReactNode;
  empty: ReactElement;
  children: ReactNode;
}

/**
 * A list of the company's records on the tenant API, 25 a page, at the company's time.
 * The API pages by cursor and does not count, so the list goes page by page.
 */
export function PortalList({ filters, filterDefaultValues, actions, empty, children }: PortalListProps) {
  return (
    <PortalTimeZone>
      <List
        filters={filters}
        filterDefaultValues={filterDefaultValues}
        actions={
          <TopToolbar>
            <FilterButton />
            {actions}
          </TopToolbar>
        }
        perPage={25}
        pagination={<CursorPagination />}
        empty={empty}
        error={<ListLoadError />}
      >
        {children}
      </List>
    </PortalTimeZone>
  );
}
