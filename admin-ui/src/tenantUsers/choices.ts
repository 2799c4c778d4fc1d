import { TENANT_ROLES } from '../catalogue';

/** Owners manage the company's people and keys; admins change its settings; members read. */
export const tenantRoleChoices = TENANT_ROLES.map((id) => ({ id, name: `kestrel.users.roles.${id}` }));
