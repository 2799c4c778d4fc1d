const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value is a UUID: ids from URLs, tokens and audit lines are checked before Postgres casts them. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
