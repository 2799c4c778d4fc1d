import PhoneInTalkIcon from '@mui/icons-material/PhoneInTalk';
import { CallList } from './CallList';
import { CallShow } from './CallShow';

/** Call logs are written by the call workflow when a call ends; the console only reads them. */
export default {
  list: CallList,
  show: CallShow,
  icon: PhoneInTalkIcon,
};
