import { CALL_OUTCOMES } from '../catalogue';

export { CALL_OUTCOMES, SENTIMENTS } from '../catalogue';

export const outcomeChoices = CALL_OUTCOMES.map((id) => ({ id, name: `kestrel.outcomes.${id}` }));
