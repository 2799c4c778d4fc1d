import ForumIcon from '@mui/icons-material/Forum';
import { Button, Link, useCreatePath } from 'react-admin';
import type { MessageKind } from '../../../domain/messaging';

/**
 * The texts the company sent this customer (of one kind), in the operators' message log:
 * the log does not name the job or invoice a text was for, so the page links there
 * rather than guessing which were this one's.
 */
export function TextsToCustomer({ tenantId, contactId, kind, label }: { tenantId: string; contactId: string; kind: MessageKind; label: string }) {
  const createPath = useCreatePath();
  const filter = JSON.stringify({ tenant_id: tenantId, contact_id: contactId, kind });
  return (
    <Button
      component={Link}
      to={`${createPath({ resource: 'messages', type: 'list' })}?${new URLSearchParams({ filter, displayedFilters: JSON.stringify({ kind: true }) })}`}
      label={label}
      variant="outlined"
      data-testid="texts-to-customer"
    >
      <ForumIcon />
    </Button>
  );
}
