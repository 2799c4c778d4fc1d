import CallIcon from '@mui/icons-material/Call';
import CallEndIcon from '@mui/icons-material/CallEnd';
import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import SendIcon from '@mui/icons-material/Send';
import { Alert, Box, Button, Card, CardContent, CircularProgress, Divider, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { AutocompleteInput, Form, ReferenceInput, TextInput, Title, regex, required, useCreatePath, useGetOne, useTranslate, type Identifier } from 'react-admin';
import type { FieldValues } from 'react-hook-form';
import { Link as RouterLink } from 'react-router-dom';
import { Conversation, type ConversationItem } from '../calls/Conversation';
import { AGENT_ANSWERS, type TenantStatus } from '../catalogue';
import { BY_COMPANY } from '../fields/TenantLink';
import { formatDuration } from '../format';
import type { SimulatorEvent } from './simulatedCall';
import { useSimulatedCall } from './useSimulatedCall';

interface DialValues {
  tenant_id: Identifier;
  from?: string;
}

/** Tenants whose number is in service (or forwarded, for a suspended one): the ones worth calling. */
const CALLABLE: { status: TenantStatus[] } = { status: [...AGENT_ANSWERS, 'suspended'] };

const tenantOption = (tenant: { company_name: string; phone_number?: string | null }) =>
  tenant.phone_number ? `${tenant.company_name} · ${tenant.phone_number}` : tenant.company_name;

function DialForm({ defaults, dialling, onDial }: { defaults: Partial<DialValues>; dialling: boolean; onDial: (values: DialValues) => void }) {
  const translate = useTranslate();
  return (
    <Card>
      <CardContent>
        <Form defaultValues={defaults} onSubmit={(values: FieldValues) => onDial({ tenant_id: values.tenant_id as Identifier, from: (values.from as string | undefined)?.trim() || undefined })}>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={{ xs: 0, md: 2 }} sx={{ alignItems: { md: 'flex-start' } }}>
            <ReferenceInput source="tenant_id" reference="tenants" filter={CALLABLE} sort={BY_COMPANY}>
              <AutocompleteInput
                optionText={tenantOption}
                label="kestrel.simulator.tenant"
                helperText="kestrel.simulator.tenant_help"
                validate={required()}
                sx={{ minWidth: { md: 380 } }}
                fullWidth
              />
            </ReferenceInput>
            <TextInput
              source="from"
              label="kestrel.simulator.from"
              helperText="kestrel.simulator.from_help"
              validate={regex(/^\+[1-9]\d{7,14}$/, 'kestrel.simulator.from_invalid')}
              sx={{ minWidth: { md: 220 } }}
            />
            <Box sx={{ pt: { md: 1 } }}>
              <Button type="submit" variant="contained" color="success" startIcon={dialling ? <CircularProgress size={18} color="inherit" /> : <CallIcon />} disabled={dialling} data-testid="dial">
                {translate(dialling ? 'kestrel.simulator.dialling' : 'kestrel.simulator.call')}
              </Button>
            </Box>
          </Stack>
        </Form>
      </CardContent>
    </Card>
  );
}

/** What the caller lived, in order: who said what, and what happened on the line. */
function itemsOf(events: SimulatorEvent[], translate: (key: string, options?: object) => string): ConversationItem[] {
  const items: ConversationItem[] = [];
  for (const e of events) {
    if (e.type === 'say' && e.text) items.push({ speaker: 'agent', text: e.text });
    else if (e.type === 'speech') items.push({ speaker: 'caller', text: e.text || translate('kestrel.simulator.silence') });
    else if (e.type === 'digits') items.push({ speaker: 'caller', text: translate('kestrel.simulator.pressed', { digits: e.digits }) });
    else if (e.type === 'transfer') items.push({ notice: translate('kestrel.simulator.transferred', { to: e.to }) });
    else if (e.type === 'hangup') items.push({ notice: translate(`kestrel.simulator.hangup_${e.by}`, { _: translate('kestrel.simulator.hangup_api') }) });
    else if (e.type === 'error') items.push({ notice: translate('kestrel.simulator.line_error', { message: e.message }) });
    else if (e.type === 'end') items.push({ notice: translate('kestrel.simulator.ended', { status: e.status, duration: formatDuration(e.duration) }) });
  }
  return items;
}

/** The caller's side of the line: speak while the agent listens, hang up at any time. */
function Composer({ listening, busy, onSay, onHangUp, hangingUp }: { listening: boolean; busy: boolean; onSay: (text: string) => void; onHangUp: () => void; hangingUp: boolean }) {
  const translate = useTranslate();
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const disabled = !listening || busy;
  useEffect(() => {
    if (!disabled) input.current?.focus();
  }, [disabled]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const said = text.trim();
    if (!said || disabled) return;
    onSay(said);
    setText('');
  };
  return (
    <Box component="form" onSubmit={submit} sx={{ p: 2, display: 'flex', gap: 1, flexWrap: { xs: 'wrap', sm: 'nowrap' }, alignItems: 'center' }}>
      <TextField
        inputRef={input}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={translate('kestrel.simulator.say_placeholder')}
        slotProps={{ htmlInput: { 'aria-label': translate('kestrel.simulator.say'), maxLength: 600 } }}
        disabled={disabled}
        variant="outlined"
        size="small"
        fullWidth
        autoComplete="off"
      />
      <Button type="submit" variant="contained" endIcon={<SendIcon />} disabled={disabled || !text.trim()} sx={{ flexShrink: 0 }}>
        {translate('kestrel.simulator.send')}
      </Button>
      <Button variant="outlined" color="error" startIcon={<CallEndIcon />} onClick={onHangUp} disabled={hangingUp} sx={{ flexShrink: 0 }}>
        {translate('kestrel.simulator.hang_up')}
      </Button>
    </Box>
  );
}

function CallHeader({ tenantId, sid, live }: { tenantId: Identifier; sid?: string; live: boolean }) {
  const translate = useTranslate();
  const { data: tenant } = useGetOne<{ id: Identifier; company_name: string; phone_number: string | null }>('tenants', { id: tenantId });
  return (
    <Box sx={{ px: 2, py: 1.5, display: 'flex', gap: 1, alignItems: 'baseline', flexWrap: 'wrap' }}>
      <Typography variant="subtitle1" sx={{ fontWeight: 500 }} data-testid="simulator-status">
        {translate(live ? 'kestrel.simulator.on_the_line' : 'kestrel.simulator.call_over', { company: tenant ? tenantOption(tenant) : '…' })}
      </Typography>
      {sid && (
        <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
          {sid}
        </Typography>
      )}
    </Box>
  );
}

function CallLogLink({ callLogId }: { callLogId: string | null }) {
  const translate = useTranslate();
  const createPath = useCreatePath();
  if (!callLogId) {
    return (
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }} data-testid="call-log-pending">
        <CircularProgress size={18} />
        <Typography color="text.secondary">{translate('kestrel.simulator.call_log_pending')}</Typography>
      </Stack>
    );
  }
  return (
    <Alert
      severity="success"
      action={
        <Button component={RouterLink} to={createPath({ resource: 'calls', id: callLogId, type: 'show' })} color="inherit" size="small" startIcon={<ReceiptLongIcon />} data-testid="open-call-log">
          {translate('kestrel.simulator.open_call_log')}
        </Button>
      }
    >
      {translate('kestrel.simulator.call_log_ready')}
    </Alert>
  );
}

/**
 * The operator's test phone: calls a tenant's number through the provider sandbox and
 * lets the operator be the caller. For the platform it is a real call (webhooks, the call
 * workflow, the log and the metering), so the page ends with a link to its call log.
 */
export function CallSimulator() {
  const translate = useTranslate();
  const sim = useSimulatedCall();
  const [dialled, setDialled] = useState<DialValues | null>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const items = itemsOf(sim.events, translate);
  if (sim.saying) items.push({ speaker: 'caller', text: sim.saying });

  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'nearest' });
  }, [items.length, sim.waiting]);

  const dial = (values: DialValues) => {
    setDialled(values);
    sim.dial(values);
  };

  return (
    <Box sx={{ mt: 2, maxWidth: 960 }} data-testid="call-simulator">
      <Title title={translate('kestrel.simulator.title')} />
      <Stack spacing={2}>
        <Typography color="text.secondary">{translate('kestrel.simulator.intro')}</Typography>
        {(sim.phase === 'idle' || sim.phase === 'dialling') && <DialForm defaults={dialled ?? {}} dialling={sim.phase === 'dialling'} onDial={dial} />}
        {sim.error && (
          <Alert severity="error" data-testid="simulator-error">
            {sim.error.message}
          </Alert>
        )}
        {sim.phase !== 'idle' && dialled && (
          <Card>
            <CallHeader tenantId={dialled.tenant_id} sid={sim.call?.sid} live={sim.phase !== 'ended'} />
            <Divider />
            <CardContent>
              <Conversation lines={items} waiting={sim.waiting} />
            </CardContent>
            {sim.phase !== 'ended' && (
              <>
                <Divider />
                <Composer listening={sim.call?.state === 'waiting'} busy={sim.waiting} onSay={sim.say} onHangUp={sim.hangUp} hangingUp={sim.hangingUp} />
              </>
            )}
          </Card>
        )}
        {sim.phase === 'ended' && (
          <Stack spacing={2}>
            <CallLogLink callLogId={sim.callLog?.id ?? null} />
            <Box>
              <Button variant="outlined" startIcon={<CallIcon />} onClick={sim.reset} data-testid="call-again">
                {translate('kestrel.simulator.call_again')}
              </Button>
            </Box>
          </Stack>
        )}
        <div ref={bottom} />
      </Stack>
    </Box>
  );
}
