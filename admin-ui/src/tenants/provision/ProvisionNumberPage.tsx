import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import SearchIcon from '@mui/icons-material/Search';
import ShoppingCartIcon from '@mui/icons-material/ShoppingCart';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  CircularProgress,
  LinearProgress,
  Stack,
  Step,
  StepLabel,
  Stepper,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Title, useCreatePath, useDataProvider, useGetOne, useRefresh, useTranslate } from 'react-admin';
import { Link, useParams } from 'react-router-dom';
import { refusal } from '../../catalogue';
import type { KestrelDataProvider } from '../../dataProvider';
import { PhoneNumber } from '../../fields/PhoneField';
import { formatPhone } from '../../format';
import { useTenantAction } from '../actions/useTenantAction';
import type { TenantRecord } from '../tenantRecord';
import { useTenantWorkflow } from '../workflow/useTenantWorkflow';
import type { AvailableNumber } from './availableNumber';
import { NumberCapabilities } from './NumberCapabilities';

const AREA_CODE = /^[2-9]\d{2}$/;

function useAvailableNumbers(tenantId: string, areaCode: string | undefined) {
  const dataProvider = useDataProvider<KestrelDataProvider>();
  return useQuery({
    queryKey: ['tenants', 'available-numbers', tenantId, areaCode],
    queryFn: () => dataProvider.availableNumbers(tenantId, areaCode!),
    enabled: areaCode !== undefined,
    retry: false,
  });
}

function AvailableNumbers({ areaCode, numbers }: { areaCode: string; numbers: AvailableNumber[] }) {
  const translate = useTranslate();
  if (numbers.length === 0) {
    return (
      <Alert severity="info" data-testid="no-available-numbers">
        {translate('kestrel.provision.none_free', { areaCode })}
      </Alert>
    );
  }
  return (
    <Stack spacing={1}>
      <Typography variant="body2" color="text.secondary">
        {translate('kestrel.provision.found', { smart_count: numbers.length, areaCode })}
      </Typography>
      <Box
        component="ul"
        data-testid="available-numbers"
        sx={{ listStyle: 'none', m: 0, p: 0, display: 'grid', gap: 1, gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))' }}
      >
        {numbers.map((n) => (
          <Stack
            key={n.phone_number}
            component="li"
            direction="row"
            sx={{ alignItems: 'center', justifyContent: 'space-between', px: 1.5, py: 1, border: 1, borderColor: 'divider', borderRadius: 1 }}
            data-testid="available-number"
          >
            <Box>
              <Typography variant="body2" data-testid="available-number-text">
                <PhoneNumber value={n.phone_number} />
              </Typography>
              {(n.locality || n.region) && (
                <Typography variant="caption" color="text.secondary">
                  {[n.locality, n.region].filter(Boolean).join(', ')}
                </Typography>
              )}
            </Box>
            <NumberCapabilities capabilities={n.capabilities} />
          </Stack>
        ))}
      </Box>
    </Stack>
  );
}

const STEPS = ['requested', 'buying', 'ready'] as const;

/**
 * Finds what numbers an area code offers, then asks the tenant's workflow to provision
 * one there. The provisioning saga picks the number when it buys (the first one still
 * free), so the page promises "a number in area NNN", follows the workflow's query while
 * the saga runs, and shows the number the workflow reports.
 */
export function ProvisionNumberPage() {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const refresh = useRefresh();
  const { id = '' } = useParams<{ id: string }>();
  const { data: tenant, error: tenantError, isPending: tenantPending } = useGetOne<TenantRecord>('tenants', { id });
  const [draft, setDraft] = useState('');
  const [draftError, setDraftError] = useState<string>();
  const [searched, setSearched] = useState<string>();
  const numbers = useAvailableNumbers(id, searched);
  const purchase = useTenantAction(id, 'provisionNumber');
  // Past the API's wait (202) the saga goes on in the workflow: its state tells the outcome,
  // once a transition newer than the purchase's start says how provisioning ended.
  const [startedAfterSeq, setStartedAfterSeq] = useState<number>();
  const inWorkflow = purchase.data?.done === false;
  const { data: state } = useTenantWorkflow(id, { pollMs: purchase.isPending || inWorkflow ? 1_000 : 5_000 });
  const ended = state?.transitions.at(-1);
  const endedInWorkflow =
    inWorkflow && state && !state.provisioning && ended && ended.seq > (startedAfterSeq ?? 0) && ['number_provisioned', 'provisioning_failed'].includes(ended.action);
  const outcome = purchase.data?.done ? purchase.data.state : endedInWorkflow ? state : undefined;
  const waiting = purchase.isPending || (purchase.isSuccess && !outcome);
  const failedInWorkflow = endedInWorkflow && ended.action === 'provisioning_failed' ? ended.reason ?? '' : undefined;

  const tenantPath = createPath({ resource: 'tenants', id, type: 'show' });
  const company = tenant?.company_name ?? '';
  const refused = state ? refusal('provisionNumber', { status: state.status, hasNumber: state.phoneNumber != null, billingConfirmed: state.billingConfirmed, provisioning: state.provisioning }) : undefined;
  const boughtArea = purchase.variables?.areaCode;
  const started = purchase.isPending || purchase.isSuccess || purchase.isError;

  const search = (event: FormEvent) => {
    event.preventDefault();
    const areaCode = draft.trim();
    if (!AREA_CODE.test(areaCode)) {
      setDraftError(translate('kestrel.actions.fields.areaCode_invalid'));
      return;
    }
    setDraftError(undefined);
    setSearched(areaCode);
  };
  const buy = () => {
    if (!searched) return;
    setStartedAfterSeq(state?.transitions.at(-1)?.seq ?? 0);
    purchase.mutate({ areaCode: searched }, { onSettled: () => refresh() });
  };

  if (tenantPending) return <LinearProgress sx={{ mt: 2 }} />;
  if (tenantError || !tenant) {
    return (
      <Alert severity="error" sx={{ mt: 2 }}>
        {(tenantError as Error | null)?.message ?? translate('ra.page.not_found')}
      </Alert>
    );
  }

  const failed = purchase.isError || failedInWorkflow !== undefined;
  const activeStep = outcome && !failed ? STEPS.length : waiting ? (state?.provisioning ? 1 : 0) : failed ? (state?.transitions.some((t) => t.action === 'provisioning_failed') ? 1 : 0) : 0;

  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 4, maxWidth: 880 }}>
      <Title title={translate('kestrel.provision.title', { company })} />
      <div>
        <Button component={Link} to={tenantPath} startIcon={<ArrowBackIcon />} data-testid="back-to-tenant">
          {company}
        </Button>
      </div>

      {state?.phoneNumber && !started && (
        <Alert severity="info" data-testid="has-number">
          {translate('kestrel.provision.has_number', { company, number: formatPhone(state.phoneNumber) })}
        </Alert>
      )}

      <Card>
        <CardHeader title={translate('kestrel.provision.search_title')} subheader={translate('kestrel.provision.search_hint')} />
        <CardContent>
          <Stack spacing={2}>
            <Stack component="form" direction="row" spacing={1} sx={{ alignItems: 'flex-start' }} onSubmit={search} noValidate>
              <TextField
                label={translate('kestrel.actions.fields.areaCode')}
                value={draft}
                onChange={(e) => setDraft(e.target.value.replace(/\D/g, '').slice(0, 3))}
                error={Boolean(draftError)}
                helperText={draftError ?? translate('kestrel.provision.area_code_help')}
                margin="none"
                fullWidth={false}
                sx={{ width: 180 }}
                slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'off' } }}
                autoFocus
              />
              <Button type="submit" variant="outlined" startIcon={numbers.isFetching ? <CircularProgress size={16} /> : <SearchIcon />} disabled={numbers.isFetching} sx={{ mt: 1 }}>
                {translate('ra.action.search')}
              </Button>
            </Stack>
            {numbers.error && <Alert severity="error">{translate('kestrel.provision.search_failed', { reason: (numbers.error as Error).message })}</Alert>}
            {searched && numbers.data && <AvailableNumbers areaCode={searched} numbers={numbers.data} />}
          </Stack>
        </CardContent>
      </Card>

      <Card>
        <CardHeader title={translate('kestrel.provision.buy_title')} />
        <CardContent>
          <Stack spacing={2}>
            <Typography color="text.secondary">{translate('kestrel.provision.buy_hint')}</Typography>
            {refused && !started && <Alert severity="warning">{translate('kestrel.provision.not_now', { reason: refused })}</Alert>}
            <div>
              <Button
                variant="contained"
                startIcon={<ShoppingCartIcon />}
                onClick={buy}
                disabled={!searched || numbers.isFetching || Boolean(refused) || started}
                data-testid="buy-number"
              >
                {searched ? translate('kestrel.provision.buy', { areaCode: searched }) : translate('kestrel.provision.buy_search_first')}
              </Button>
            </div>
            {started && (
              <Stack spacing={2} data-testid="provision-progress">
                <Stepper activeStep={activeStep} alternativeLabel>
                  {STEPS.map((step, index) => (
                    <Step key={step}>
                      <StepLabel error={failed && index === activeStep}>{translate(`kestrel.provision.steps.${step}`, { areaCode: boughtArea })}</StepLabel>
                    </Step>
                  ))}
                </Stepper>
                {waiting && <LinearProgress />}
                {failed && (
                  <Alert severity="error" data-testid="provision-failed">
                    {translate('kestrel.provision.failed', { reason: failedInWorkflow ?? (purchase.error as Error).message })}
                  </Alert>
                )}
                {outcome?.phoneNumber && !failed && (
                  <Alert
                    severity="success"
                    action={
                      <Button component={Link} to={tenantPath} color="inherit" size="small">
                        {translate('kestrel.provision.back')}
                      </Button>
                    }
                  >
                    {translate('kestrel.provision.done', { company })}{' '}
                    <Typography component="strong" sx={{ fontWeight: 700, fontVariantNumeric: 'tabular-nums' }} data-testid="provisioned-number" data-e164={outcome.phoneNumber}>
                      {formatPhone(outcome.phoneNumber)}
                    </Typography>
                    {/* With no number free in the area code, the saga buys one elsewhere in the country. */}
                    {boughtArea && !outcome.phoneNumber.startsWith(`+1${boughtArea}`) && (
                      <Typography variant="body2">{translate('kestrel.provision.other_area', { areaCode: boughtArea })}</Typography>
                    )}
                  </Alert>
                )}
              </Stack>
            )}
          </Stack>
        </CardContent>
      </Card>
    </Stack>
  );
}
