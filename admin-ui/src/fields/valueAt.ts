/** The value at a react-admin source path ("details.callback_number") of a record. */
export const valueAt = (record: object, source: string): unknown =>
  source.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), record);
