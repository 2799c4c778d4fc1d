import CampaignIcon from '@mui/icons-material/Campaign';
import HandymanIcon from '@mui/icons-material/Handyman';
import RequestQuoteIcon from '@mui/icons-material/RequestQuote';
import { OperatorCampaignList } from './OperatorCampaignList';
import { OperatorCampaignShow } from './OperatorCampaignShow';
import { OperatorCustomerInvoiceList } from './OperatorCustomerInvoiceList';
import { OperatorCustomerInvoiceShow } from './OperatorCustomerInvoiceShow';
import { OperatorJobList } from './OperatorJobList';
import { OperatorJobShow } from './OperatorJobShow';

/*
 * What companies tell their customers beyond calls: their jobs, their invoices to their
 * customers and their drip campaigns. Each company keeps its own in the portal; operators
 * read every company's here, and change nothing (a support session on the company does).
 */
export const operatorJobs = { list: OperatorJobList, show: OperatorJobShow, icon: HandymanIcon };
export const operatorCustomerInvoices = { list: OperatorCustomerInvoiceList, show: OperatorCustomerInvoiceShow, icon: RequestQuoteIcon };
export const operatorCampaigns = { list: OperatorCampaignList, show: OperatorCampaignShow, icon: CampaignIcon };
