import FlagIcon from '@mui/icons-material/Flag';
import { FeatureFlagCreate } from './FeatureFlagCreate';
import { FeatureFlagEdit } from './FeatureFlagEdit';
import { FeatureFlagList } from './FeatureFlagList';

/**
 * Flags are defined here for every tenant (a default and a rollout); a tenant's own
 * override is set on its page, in the Flags tab. Every change is audited by the API.
 */
export default {
  list: FeatureFlagList,
  create: FeatureFlagCreate,
  edit: FeatureFlagEdit,
  icon: FlagIcon,
};
