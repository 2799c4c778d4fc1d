import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import { DeadLetterList } from './DeadLetterList';
import { DeadLetterShow } from './DeadLetterShow';

/** Written by workflows when a step fails for good; operators read them and replay them. */
export default {
  list: DeadLetterList,
  show: DeadLetterShow,
  icon: ReportProblemIcon,
};
