import MailIcon from '@mui/icons-material/Mail';
import { EmailList } from './EmailList';
import { EmailShow } from './EmailShow';

/** The notifications log: written by the email workflows, read here. */
export default {
  list: EmailList,
  show: EmailShow,
  icon: MailIcon,
};
