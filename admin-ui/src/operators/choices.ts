import { OPERATOR_ROLES } from '../catalogue';

/** A super_admin does everything; support reads, and changes a tenant only in a write-granted support session. */
export const operatorRoleChoices = OPERATOR_ROLES.map((id) => ({ id, name: `kestrel.operators.roles.${id}` }));
