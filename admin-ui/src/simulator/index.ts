import PhoneForwardedIcon from '@mui/icons-material/PhoneForwarded';
import { CallSimulator } from './CallSimulator';

/** A page of its own (not a resource): the route and its menu entry. */
export const simulator = {
  path: '/simulator',
  page: CallSimulator,
  icon: PhoneForwardedIcon,
  label: 'kestrel.simulator.title',
};
