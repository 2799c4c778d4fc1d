import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { IconButton, useMediaQuery, type Theme } from '@mui/material';
import { useState } from 'react';
import { Button, DataTable, NullableBooleanInput, SearchInput, SelectInput, SimpleList, useCreatePath, useTranslate } from 'react-admin';
import { EmptyList } from '../../../feedback/EmptyList';
import { CompanyTimeColumn } from '../../../fields/DateTimeField';
import { Parts } from '../../../fields/Parts';
import { PhoneField, PhoneNumber } from '../../../fields/PhoneField';
import { sourceChoices } from '../../../messaging/choices';
import type { ContactRecord } from '../../../messaging/messageRecord';
import { PortalList } from '../../PortalList';
import { PORTAL_RESOURCES } from '../../tenantDataProvider';
import { useMessagingWriter } from '../messagingApi';
import { ContactDialog } from './ContactDialog';
import { ImportContactsDialog } from './ImportContactsDialog';
import { OptOutField, OptOutState } from '../../../messaging/OptOutState';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="source" source="source" choices={sourceChoices} />,
  <NullableBooleanInput key="opted_out" source="opted_out" />,
];

type Dialog = { kind: 'add' } | { kind: 'edit'; contact: ContactRecord } | { kind: 'import' } | null;

/** Add and Import, for those who may write; a member reads the list. */
function ContactActions({ open }: { open: (dialog: Dialog) => void }) {
  if (!useMessagingWriter()) return null;
  return (
    <>
      <Button label="kestrel.contacts.add" onClick={() => open({ kind: 'add' })} data-testid="add-contact">
        <AddIcon />
      </Button>
      <Button label="kestrel.contacts.import" onClick={() => open({ kind: 'import' })} data-testid="import-contacts">
        <UploadFileIcon />
      </Button>
    </>
  );
}

function EditButton({ contact, open }: { contact: ContactRecord; open: (dialog: Dialog) => void }) {
  const translate = useTranslate();
  return (
    <IconButton
      size="small"
      aria-label={translate('kestrel.contacts.edit_title')}
      onClick={(event) => {
        // The row opens the conversation; the pencil, the contact.
        event.stopPropagation();
        open({ kind: 'edit', contact });
      }}
      data-testid="edit-contact"
    >
      <EditIcon fontSize="small" />
    </IconButton>
  );
}

function Contacts({ open }: { open: (dialog: Dialog) => void }) {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const writer = useMessagingWriter();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  const conversation = (id: string | number) => createPath({ resource: PORTAL_RESOURCES.conversations, id, type: 'show' });
  return isSmall ? (
    <SimpleList<ContactRecord>
      primaryText={(r) => r.name ?? <PhoneNumber value={r.phone} />}
      secondaryText={(r) => <Parts>{[r.name ? <PhoneNumber value={r.phone} /> : null, r.email, translate(`kestrel.contact_sources.${r.source}`)]}</Parts>}
      tertiaryText={(r) => <OptOutState contact={r} />}
      linkType={(r) => conversation(r.id)}
    />
  ) : (
    <DataTable<ContactRecord> rowClick={(id) => conversation(id)} bulkActionButtons={false} data-testid="contacts">
      <DataTable.Col source="name" disableSort />
      <DataTable.Col source="phone" disableSort field={PhoneField} />
      <DataTable.Col source="email" disableSort />
      <DataTable.Col source="preferred_channel" disableSort render={(r) => translate(`kestrel.message_channels.${r.preferred_channel}`)} />
      <DataTable.Col source="opt_out" disableSort field={OptOutField} />
      <DataTable.Col source="source" disableSort render={(r) => translate(`kestrel.contact_sources.${r.source}`)} />
      <CompanyTimeColumn source="created_at" disableSort />
      {writer && <DataTable.Col source="edit" label=" " disableSort render={(r) => <EditButton contact={r as ContactRecord} open={open} />} />}
    </DataTable>
  );
}

/**
 * The company's customers, newest first: made from calls and bookings, added here one by
 * one, or imported from a spreadsheet. A row opens the conversation with the contact.
 */
export function PortalContactList() {
  const [dialog, setDialog] = useState<Dialog>(null);
  const writer = useMessagingWriter();
  const empty = (
    <EmptyList title="kestrel.contacts.empty" hint="kestrel.contacts.empty_hint" testId="no-contacts">
      {writer && (
        <>
          <Button label="kestrel.contacts.add" variant="outlined" onClick={() => setDialog({ kind: 'add' })} data-testid="add-contact">
            <AddIcon />
          </Button>{' '}
          <Button label="kestrel.contacts.import" variant="outlined" onClick={() => setDialog({ kind: 'import' })} data-testid="import-contacts">
            <UploadFileIcon />
          </Button>
        </>
      )}
    </EmptyList>
  );
  return (
    <>
      <PortalList filters={filters} actions={<ContactActions open={setDialog} />} empty={empty}>
        <Contacts open={setDialog} />
      </PortalList>
      {dialog?.kind === 'add' && <ContactDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <ContactDialog contact={dialog.contact} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'import' && <ImportContactsDialog onClose={() => setDialog(null)} />}
    </>
  );
}
