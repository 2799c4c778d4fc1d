import { CONTACT_SOURCES, MESSAGE_CHANNELS, MESSAGE_DIRECTIONS, MESSAGE_KINDS, MESSAGE_STATUSES } from '../../../domain/messaging';

export { MESSAGE_KINDS } from '../../../domain/messaging';

export const kindChoices = MESSAGE_KINDS.map((id) => ({ id, name: `kestrel.message_kinds.${id}` }));
export const statusChoices = MESSAGE_STATUSES.map((id) => ({ id, name: `kestrel.message_status.${id}` }));
export const directionChoices = MESSAGE_DIRECTIONS.map((id) => ({ id, name: `kestrel.message_directions.${id}` }));
export const channelChoices = MESSAGE_CHANNELS.map((id) => ({ id, name: `kestrel.message_channels.${id}` }));
export const sourceChoices = CONTACT_SOURCES.map((id) => ({ id, name: `kestrel.contact_sources.${id}` }));
