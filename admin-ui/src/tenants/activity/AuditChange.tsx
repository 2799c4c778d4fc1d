import { Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { WEEKDAYS } from '../../catalogue';
import { formatDateTime } from '../../format';
import { SupportSessionDetails } from '../../support/SupportSessionDetails';
import { StatusChip } from '../StatusChip';

export interface AuditEntryRecord {
  id: number;
  tenant_id: string | null;
  actor_type: string;
  actor_id: string | null;
  /** The actor's name, as the API reads it with the entry; null for the system. */
  actor_name?: string | null;
  action: string;
  support_session_id?: string | null;
  target_type: string | null;
  target_id: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  created_at: string;
}

type Values = Record<string, unknown>;
const isObject = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);
const isHours = (v: unknown): v is { open: string; close: string } => isObject(v) && typeof v.open === 'string' && typeof v.close === 'string';
const isInstant = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v);

/** Values of these fields are words of a vocabulary, shown by name. */
const VOCABULARIES: Record<string, string> = {
  plan_tier: 'kestrel.plans',
  billing_plan_tier: 'kestrel.plans',
  language: 'kestrel.languages',
  timezone: 'kestrel.timezones',
  status: 'kestrel.status',
};

/**
 * Postgres stores details as jsonb, which orders keys its own way: lines follow the order
 * of the settings page instead (routing, hours by weekday, then the agent).
 */
const FIELD_ORDER = ['company_name', 'timezone', 'owner_name', 'owner_email', 'owner_phone', 'forward_to_number', 'emergency_phone', 'business_hours', 'ai_settings', 'is_test_mode'];
const KEY_ORDER = [...WEEKDAYS, 'language', 'voice', 'model', 'greeting', 'after_hours_greeting', 'custom_prompt', 'emergency_keywords'];
const inOrder = (keys: string[], order: readonly string[]) => {
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return [...keys].sort((a, b) => rank(a) - rank(b));
};

/** Transitions carry the new columns beside from/to; these are the ones worth a line. */
const TRANSITION_FIELDS = ['phone_number', 'plan_tier', 'billing_plan_tier', 'trial_ends_at', 'current_period_end', 'status_reason'];

function useValueText() {
  const translate = useTranslate();
  return (value: unknown, emptyKey = 'kestrel.audit.none', field?: string): string => {
    if (value === null || value === undefined || value === '') return translate(emptyKey);
    const vocabulary = field && VOCABULARIES[field];
    if (vocabulary && typeof value === 'string') return translate(`${vocabulary}.${value}`, { _: value });
    if (isInstant(value)) return formatDateTime(value);
    if (Array.isArray(value)) return value.join(', ');
    if (isHours(value)) return `${value.open}–${value.close}`;
    if (typeof value === 'boolean') return translate(value ? 'kestrel.audit.on' : 'kestrel.audit.off');
    if (isObject(value)) return JSON.stringify(value);
    return String(value);
  };
}

function Line({ label, before, after }: { label: string; before?: string; after: string }) {
  return (
    <Typography variant="body2" component="div" data-testid="audit-change">
      <Typography component="span" variant="body2" color="text.secondary">
        {label}:{' '}
      </Typography>
      {before !== undefined && (
        <>
          <Typography component="span" variant="body2" sx={{ textDecoration: 'line-through', color: 'text.secondary' }}>
            {before}
          </Typography>
          {' → '}
        </>
      )}
      <Typography component="span" variant="body2" sx={{ fontWeight: 500 }}>
        {after}
      </Typography>
    </Typography>
  );
}

/** Business hours and agent settings change key by key: one line per day or setting. */
function nestedLabel(translate: ReturnType<typeof useTranslate>, field: string, key: string): string {
  if (field === 'business_hours') return `${translate('resources.tenants.fields.business_hours')} · ${translate(`kestrel.weekdays.${key}`, { _: key })}`;
  return translate(`kestrel.phone_ai.${key}`, { _: key });
}

/** What an audit entry changed, readable: each field as before → after, a transition as its two statuses. */
export function AuditChange({ entry }: { entry: AuditEntryRecord }) {
  const translate = useTranslate();
  const text = useValueText();
  const { details } = entry;
  const lines: ReactNode[] = [];
  if (entry.target_type === 'support_session' || entry.action === 'support_session.request') return <SupportSessionDetails action={entry.action} details={details} />;

  if (isObject(details.before) && isObject(details.after)) {
    const before = details.before;
    const after = details.after;
    for (const field of inOrder(Object.keys(after), FIELD_ORDER)) {
      if (isObject(after[field]) && (field === 'business_hours' || field === 'ai_settings')) {
        const was = isObject(before[field]) ? before[field] : {};
        const changed = after[field];
        for (const key of inOrder(Object.keys(changed), KEY_ORDER)) {
          const value = changed[key];
          const empty = field === 'business_hours' ? 'kestrel.hours.closed' : 'kestrel.audit.default';
          lines.push(<Line key={`${field}.${key}`} label={nestedLabel(translate, field, key)} before={text(was[key], empty, key)} after={text(value, empty, key)} />);
        }
      } else {
        lines.push(<Line key={field} label={translate(`resources.tenants.fields.${field}`, { _: field })} before={text(before[field], undefined, field)} after={text(after[field], undefined, field)} />);
      }
    }
  } else {
    if (typeof details.from === 'string' && typeof details.to === 'string' && details.from !== details.to) {
      lines.push(
        <Stack key="status" direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
          <StatusChip status={details.from} /> <span>→</span> <StatusChip status={details.to} />
        </Stack>,
      );
    }
    for (const field of TRANSITION_FIELDS) {
      if (details[field] !== undefined && details[field] !== null) {
        lines.push(<Line key={field} label={translate(`resources.tenants.fields.${field}`, { _: field })} after={text(details[field], undefined, field)} />);
      }
    }
  }
  return lines.length ? <Stack spacing={0.5}>{lines}</Stack> : null;
}
