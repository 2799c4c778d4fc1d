import { DateInput, type DateInputProps } from 'react-admin';

/**
 * Date-range filters pick calendar days in the operator's time zone, while the admin API
 * filters on instants (`started_after`, `started_before`): a day is sent as the instant
 * it begins, and "until" a day as the instant the next one begins, so the day is included.
 */
const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
const dayStart = (day: string, plusDays = 0) => {
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + plusDays);
  return date.toISOString();
};
const isInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

export function FromDayInput(props: DateInputProps) {
  return <DateInput {...props} parse={(day: string) => (day ? dayStart(day) : null)} format={(value: unknown) => (isInstant(value) ? localDay(new Date(value)) : '')} />;
}

export function UntilDayInput(props: DateInputProps) {
  return (
    <DateInput
      {...props}
      parse={(day: string) => (day ? dayStart(day, 1) : null)}
      format={(value: unknown) => (isInstant(value) ? localDay(new Date(Date.parse(value) - 1)) : '')}
    />
  );
}
