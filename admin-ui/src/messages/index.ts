import SmsIcon from '@mui/icons-material/Sms';
import { MessageList } from './MessageList';

/** The message log is written by the sending activity and Twilio's webhooks; operators read it. */
export default {
  list: MessageList,
  icon: SmsIcon,
};
