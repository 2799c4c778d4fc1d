import BusinessIcon from '@mui/icons-material/Business';
import { TenantList } from './TenantList';
import { TenantShow } from './TenantShow';

/** Tenants are created by the onboarding wizard and changed by workflow actions, so there is no create or edit page. */
export default {
  list: TenantList,
  show: TenantShow,
  icon: BusinessIcon,
};
