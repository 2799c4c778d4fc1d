/** Display formats shared by the pages; the console speaks US English and dollars. */

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2, minimumFractionDigits: 0 });
const whole = new Intl.NumberFormat('en-US');
/** Passed to react-admin's DateField, so fields and text read the same. */
export const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
const dateTime = new Intl.DateTimeFormat('en-US', DATE_TIME_OPTIONS);

export const formatCents = (cents: number): string => dollars.format(cents / 100);
export const formatCount = (n: number): string => whole.format(n);
export const formatDateTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '');

/** "2d 03:04:05", "03:04:05": the time left before a timer fires, to the second. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor((total % 86_400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

/** "0:42", "12:05", "1:02:03": how long a call lasted, as a clock. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return '';
  const total = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(total % 60)}` : `${minutes}:${pad(total % 60)}`;
}

const bytes = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
/** "812 B", "4.2 KB", "1.3 MB": a file's size, in powers of 1024. */
export function formatBytes(n: number | null | undefined): string {
  if (n == null) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${bytes.format(value)} ${units[unit]}`;
}
