import { ValueChip, type ChipColour } from '../fields/ValueChip';
import type { TenantUserStatus } from './tenantUserRecord';

/** Invited: the link is not used yet. Disabled: signed out for good. */
const COLOURS: Record<TenantUserStatus, ChipColour> = { active: 'success', invited: 'info', disabled: 'default' };

export function UserStatusChip({ status }: { status: TenantUserStatus }) {
  return <ValueChip value={status} prefix="kestrel.users.status" colours={COLOURS} outlined={['disabled']} testId="user-status" />;
}
