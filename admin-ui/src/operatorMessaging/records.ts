import type { ZonedRecord } from '../fields/companyTimeZone';
import type { CampaignRecord, StepProgress } from '../tenantPortal/campaigns/campaignsApi';
import type { CustomerInvoiceRecord } from '../tenantPortal/customerInvoices/customerInvoicesApi';
import type { JobRecord } from '../tenantPortal/jobs/jobsApi';

/** Whose a record is, as the admin API names it on each row: the company, its zone, and (for a job or an invoice) the customer. */
interface OfACompany extends ZonedRecord {
  tenant_id: string;
  company_name: string;
  tenant_timezone: string;
}

interface ForACustomer {
  contact_name: string | null;
  contact_phone: string | null;
}

/** A company's job (`GET /api/admin/jobs/:id`): the company's own record of it, with whose it is. */
export interface OperatorJobRecord extends JobRecord, OfACompany, ForACustomer {}

/** A company's invoice to its customer (`GET /api/admin/customer-invoices/:id`). */
export interface OperatorCustomerInvoiceRecord extends CustomerInvoiceRecord, OfACompany, ForACustomer {}

/** A row of `GET /api/admin/campaigns`; one campaign (`/:id`) adds its steps, its enrolments by status and each step's funnel. */
export interface OperatorCampaignRecord extends CampaignRecord, OfACompany {
  step_count?: number;
  ongoing_enrollments?: number;
  funnel?: StepProgress[];
}
