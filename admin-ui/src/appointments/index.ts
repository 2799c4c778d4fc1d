import EventIcon from '@mui/icons-material/Event';
import { AppointmentEdit } from './AppointmentEdit';
import { AppointmentList } from './AppointmentList';

/** Appointments are booked by the agent during calls; operators confirm, move, annotate or cancel them. */
export default {
  list: AppointmentList,
  edit: AppointmentEdit,
  icon: EventIcon,
};
