import AddIcon from '@mui/icons-material/Add';
import { Box, useMediaQuery, type Theme } from '@mui/material';
import { useState } from 'react';
import { Button, DataTable, SelectArrayInput, SimpleList } from 'react-admin';
import { EmptyList } from '../../feedback/EmptyList';
import { useCompanyDateTime } from '../../fields/companyTimeZone';
import { CompanyTimeColumn } from '../../fields/DateTimeField';
import { Parts } from '../../fields/Parts';
import { ContactField, ContactName } from '../customers/ContactName';
import { useMessagingWriter } from '../messaging/messagingApi';
import { PortalList } from '../PortalList';
import { jobStatusChoices } from './choices';
import { JobDialog } from './JobDialog';
import type { JobRecord } from './jobsApi';
import { JobStatusChip, JobStatusField } from './JobStatusChip';

const filters = [<SelectArrayInput key="status" source="status" choices={jobStatusChoices} alwaysOn sx={{ minWidth: 200 }} />];

function AddJob({ open }: { open: () => void }) {
  if (!useMessagingWriter()) return null;
  return (
    <Button label="kestrel.jobs.add" onClick={open} data-testid="add-job">
      <AddIcon />
    </Button>
  );
}

function Jobs() {
  const companyTime = useCompanyDateTime();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return isSmall ? (
    <SimpleList<JobRecord>
      primaryText={(r) => <ContactName id={r.contact_id} />}
      secondaryText={(r) => (
        <Box component="span" data-testid="job-card">
          <Parts>{[r.technician_name, r.eta && companyTime(r.eta), r.external_ref]}</Parts>
        </Box>
      )}
      tertiaryText={(r) => <JobStatusChip status={r.status} />}
      linkType="show"
    />
  ) : (
    <DataTable<JobRecord> rowClick="show" bulkActionButtons={false} data-testid="jobs">
      <DataTable.Col source="status" disableSort field={JobStatusField} />
      <DataTable.Col source="contact_id" disableSort field={ContactField} />
      <DataTable.Col source="technician_name" disableSort />
      <CompanyTimeColumn source="eta" disableSort />
      <DataTable.Col source="external_ref" disableSort />
      <CompanyTimeColumn source="updated_at" disableSort />
    </DataTable>
  );
}

/**
 * The company's jobs, newest first: from its own system through the API, or added here.
 * A job opens on its status history and the texts each change sent.
 */
export function PortalJobList() {
  const [adding, setAdding] = useState(false);
  const writer = useMessagingWriter();
  const empty = (
    <EmptyList title="kestrel.jobs.empty" hint="kestrel.jobs.empty_hint" testId="no-jobs">
      {writer && (
        <Button label="kestrel.jobs.add" variant="outlined" onClick={() => setAdding(true)} data-testid="add-job">
          <AddIcon />
        </Button>
      )}
    </EmptyList>
  );
  return (
    <>
      <PortalList filters={filters} actions={<AddJob open={() => setAdding(true)} />} empty={empty}>
        <Jobs />
      </PortalList>
      {adding && <JobDialog onClose={() => setAdding(false)} />}
    </>
  );
}
