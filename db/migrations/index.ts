import type { Knex } from 'knex';
import * as core from './001_core';
import * as lifecycle from './002_lifecycle';
import * as calls from './003_calls';
import * as callResilience from './004_call_resilience';
import * as accounts from './005_accounts';
import * as rateLimits from './006_rate_limits';
import * as sandboxAppointments from './007_sandbox_appointments';
import * as tenantCare from './008_tenant_care';
import * as dataExports from './009_data_exports';
import * as erasure from './010_erasure';
import * as stuckActivities from './011_stuck_activities';
import * as companyAccounts from './012_company_accounts';
import * as serviceAddress from './013_service_address';
import * as supportSessionPages from './014_support_session_pages';
import * as emailResends from './015_email_resends';
import * as passwordResetCodes from './016_password_reset_codes';
import * as billing from './017_billing';
import * as operatorInvitations from './018_operator_invitations';
import * as customerMessaging from './019_customer_messaging';
import * as appointmentReplies from './020_appointment_replies';
import * as jobsAndCustomerInvoices from './021_jobs_and_customer_invoices';
import * as campaigns from './022_campaigns';
import * as campaignExportIndexes from './023_campaign_export_indexes';

/**
 * Migrations are listed here rather than discovered on disk, so they load the same way
 * under tsx, jest and a bundler. Append new ones; never reorder or rename.
 */
const migrations: Record<string, Knex.Migration> = {
  '001_core': core,
  '002_lifecycle': lifecycle,
  '003_calls': calls,
  '004_call_resilience': callResilience,
  '005_accounts': accounts,
  '006_rate_limits': rateLimits,
  '007_sandbox_appointments': sandboxAppointments,
  '008_tenant_care': tenantCare,
  '009_data_exports': dataExports,
  '010_erasure': erasure,
  '011_stuck_activities': stuckActivities,
  '012_company_accounts': companyAccounts,
  '013_service_address': serviceAddress,
  '014_support_session_pages': supportSessionPages,
  '015_email_resends': emailResends,
  '016_password_reset_codes': passwordResetCodes,
  '017_billing': billing,
  '018_operator_invitations': operatorInvitations,
  '019_customer_messaging': customerMessaging,
  '020_appointment_replies': appointmentReplies,
  '021_jobs_and_customer_invoices': jobsAndCustomerInvoices,
  '022_campaigns': campaigns,
  '023_campaign_export_indexes': campaignExportIndexes,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`unknown migration ${name}`);
    return migration;
  },
};
