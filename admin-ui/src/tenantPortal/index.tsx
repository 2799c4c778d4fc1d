import CampaignIcon from '@mui/icons-material/Campaign';
import ContactPhoneIcon from '@mui/icons-material/ContactPhone';
import EventIcon from '@mui/icons-material/Event';
import ForumIcon from '@mui/icons-material/Forum';
import GroupIcon from '@mui/icons-material/Group';
import KeyIcon from '@mui/icons-material/Key';
import SecurityIcon from '@mui/icons-material/Security';
import HistoryIcon from '@mui/icons-material/History';
import PhoneInTalkIcon from '@mui/icons-material/PhoneInTalk';
import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import RequestQuoteIcon from '@mui/icons-material/RequestQuote';
import SettingsIcon from '@mui/icons-material/Settings';
import TextSnippetIcon from '@mui/icons-material/TextSnippet';
import HandymanIcon from '@mui/icons-material/Handyman';
import { LinearProgress } from '@mui/material';
import type { ComponentType, ReactElement } from 'react';
import { Resource, usePermissions } from 'react-admin';
import type { Permissions } from '../auth/authProvider';
import { seesCompanyAccounts, tenantOf } from '../auth/session';
import { PortalActivityList } from './activity/PortalActivityList';
import { PortalApiKeys } from './apiKeys/PortalApiKeys';
import { PortalAppointmentEdit } from './appointments/PortalAppointmentEdit';
import { PortalAppointmentList } from './appointments/PortalAppointmentList';
import { PortalBilling } from './billing/PortalBilling';
import { PortalCallList } from './calls/PortalCallList';
import { PortalCallShow } from './calls/PortalCallShow';
import { CampaignPage } from './campaigns/CampaignPage';
import { PortalCampaignList } from './campaigns/PortalCampaignList';
import { CustomerInvoicePage } from './customerInvoices/CustomerInvoicePage';
import { PortalCustomerInvoiceList } from './customerInvoices/PortalCustomerInvoiceList';
import { PortalDashboard } from './dashboard/PortalDashboard';
import { JobPage } from './jobs/JobPage';
import { PortalJobList } from './jobs/PortalJobList';
import { PortalContactList } from './messaging/contacts/PortalContactList';
import { ConversationPage } from './messaging/conversations/ConversationPage';
import { PortalConversations } from './messaging/conversations/PortalConversations';
import { PortalTemplates } from './messaging/templates/PortalTemplates';
import { PortalSecurity } from './security/PortalSecurity';
import { PortalSettings } from './settings/PortalSettings';
import { PortalUsers } from './users/PortalUsers';
import { PORTAL_RESOURCES } from './tenantDataProvider';

export { tenantDataProvider, withTenantPortal } from './tenantDataProvider';
export { PaymentBanner } from './billing/PaymentBanner';

/**
 * A company's own pages, on the tenant API: what a tenant user sees, and an operator in a
 * support session. Settings and billing are one page each, listed in the menu like the rest;
 * so are the message templates, and the conversations with the company's customers. Jobs,
 * the company's invoices to its customers and its drip campaigns each text those customers.
 * The company's people and API keys are its owners' (the API shows them to no other role
 * of the company) and support's; Security is the signed-in person's own account.
 */
export function portalResources(me: Permissions | null) {
  return [
    <Resource key="calls" name={PORTAL_RESOURCES.calls} list={PortalCallList} show={PortalCallShow} icon={PhoneInTalkIcon} />,
    <Resource key="appointments" name={PORTAL_RESOURCES.appointments} list={PortalAppointmentList} edit={PortalAppointmentEdit} icon={EventIcon} recordRepresentation="customer_name" />,
    <Resource key="conversations" name={PORTAL_RESOURCES.conversations} list={PortalConversations} show={ConversationPage} icon={ForumIcon} />,
    <Resource key="contacts" name={PORTAL_RESOURCES.contacts} list={PortalContactList} icon={ContactPhoneIcon} recordRepresentation="name" />,
    <Resource key="templates" name={PORTAL_RESOURCES.templates} list={PortalTemplates} icon={TextSnippetIcon} />,
    <Resource key="jobs" name={PORTAL_RESOURCES.jobs} list={PortalJobList} show={JobPage} icon={HandymanIcon} />,
    <Resource key="customer-invoices" name={PORTAL_RESOURCES.customerInvoices} list={PortalCustomerInvoiceList} show={CustomerInvoicePage} icon={RequestQuoteIcon} recordRepresentation="number" />,
    <Resource key="campaigns" name={PORTAL_RESOURCES.campaigns} list={PortalCampaignList} show={CampaignPage} icon={CampaignIcon} recordRepresentation="name" />,
    <Resource key="settings" name={PORTAL_RESOURCES.settings} list={PortalSettings} icon={SettingsIcon} />,
    <Resource key="billing" name={PORTAL_RESOURCES.billing} list={PortalBilling} icon={ReceiptLongIcon} />,
    <Resource key="activity" name={PORTAL_RESOURCES.activity} list={PortalActivityList} icon={HistoryIcon} />,
    ...(seesCompanyAccounts(me)
      ? [
          <Resource key="users" name={PORTAL_RESOURCES.users} list={PortalUsers} icon={GroupIcon} />,
          <Resource key="api-keys" name={PORTAL_RESOURCES.apiKeys} list={PortalApiKeys} icon={KeyIcon} />,
        ]
      : []),
    ...(me?.kind === 'tenant_user' ? [<Resource key="security" name={PORTAL_RESOURCES.security} list={PortalSecurity} icon={SecurityIcon} />] : []),
  ];
}

/** The home page: the company's dashboard for its people and for support, the operator's otherwise. */
export function withPortalDashboard(OperatorDashboard: ComponentType): () => ReactElement {
  return function HomeDashboard() {
    const { permissions, isPending } = usePermissions<Permissions>();
    if (isPending) return <LinearProgress sx={{ m: 2 }} />;
    return tenantOf(permissions ?? null) ? <PortalDashboard /> : <OperatorDashboard />;
  };
}
