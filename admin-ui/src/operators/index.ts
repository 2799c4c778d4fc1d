import BadgeIcon from '@mui/icons-material/Badge';
import { OperatorList } from './OperatorList';

/** Kestrel's staff: super_admins list, invite, change, disable and enable them (the menu shows the page to no one else). */
export default {
  list: OperatorList,
  icon: BadgeIcon,
};
