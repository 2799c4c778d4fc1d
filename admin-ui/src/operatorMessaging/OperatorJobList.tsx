import { useMediaQuery, type Theme } from '@mui/material';
import { DataTable, SimpleList } from 'react-admin';
import { useCompanyDateTime } from '../fields/companyTimeZone';
import { CompanyTimeNote } from '../fields/CompanyTimeNote';
import { CompanyTimeColumn } from '../fields/DateTimeField';
import { Parts } from '../fields/Parts';
import { TenantLink } from '../fields/TenantLink';
import { CHIP_ON_THE_RIGHT } from '../fields/ValueChip';
import { jobStatusChoices } from '../tenantPortal/jobs/choices';
import { JobStatusChip, JobStatusField } from '../tenantPortal/jobs/JobStatusChip';
import { CustomerName } from './CustomerName';
import { CompanyRecordList } from './CompanyRecordList';
import type { OperatorJobRecord } from './records';

/**
 * Every company's jobs, newest first, each with its company and customer, at the company's
 * time: where a customer's work stands and what it texted them. Read-only: a job changes
 * through its company (or a support session on it).
 */
export function OperatorJobList() {
  const companyTime = useCompanyDateTime();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <CompanyRecordList statusChoices={jobStatusChoices} words="operator_jobs" emptyTestId="no-jobs">
      {isSmall ? (
        <>
          <CompanyTimeNote />
          <SimpleList<OperatorJobRecord>
            primaryText={(r) => <CustomerName record={r} />}
            secondaryText={(r) => <Parts>{[r.company_name, r.technician_name, r.eta && companyTime(r.eta, r), r.external_ref]}</Parts>}
            rightIcon={(r) => <JobStatusChip status={r.status} />}
            linkType="show"
            sx={CHIP_ON_THE_RIGHT}
            data-testid="jobs-cards"
          />
        </>
      ) : (
        <DataTable<OperatorJobRecord> rowClick="show" bulkActionButtons={false} data-testid="jobs">
          <DataTable.Col source="company_name" disableSort render={(r) => <TenantLink tenantId={r.tenant_id} companyName={r.company_name} />} />
          <DataTable.Col source="contact_name" disableSort render={(r) => <CustomerName record={r as OperatorJobRecord} />} />
          <DataTable.Col source="status" field={JobStatusField} />
          <DataTable.Col source="technician_name" disableSort />
          <CompanyTimeColumn source="eta" />
          <DataTable.Col source="external_ref" disableSort />
          <CompanyTimeColumn source="updated_at" />
        </DataTable>
      )}
    </CompanyRecordList>
  );
}
