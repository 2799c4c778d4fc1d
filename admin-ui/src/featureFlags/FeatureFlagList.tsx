import { LinearProgress, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import { CreateButton, DataTable, List, SearchInput, SimpleList, TopToolbar, useTranslate } from 'react-admin';
import { ListLoadError } from '../feedback/LoadError';
import { DateTimeField } from '../fields/DateTimeField';
import { formatCount } from '../format';
import { FlagValueChip } from '../tenants/flags/FlagValueChip';
import type { FeatureFlagRecord } from './featureFlagRecord';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

/** The rollout as a bar and a figure: how much of the fleet has the flag on by its place in the rollout. */
function Rollout({ percent }: { percent: number }) {
  return (
    <Stack spacing={0.5} sx={{ minWidth: 120 }} data-testid="flag-rollout" data-percent={percent}>
      <LinearProgress variant="determinate" value={percent} aria-label={`${percent}%`} sx={{ height: 6, borderRadius: 3 }} />
      <Typography variant="caption" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums' }}>
        {percent}%
      </Typography>
    </Stack>
  );
}

function ListActions() {
  return (
    <TopToolbar>
      <CreateButton />
    </TopToolbar>
  );
}

function NarrowFlagList() {
  const translate = useTranslate();
  return (
    <SimpleList<FeatureFlagRecord>
      linkType="edit"
      primaryText={(r) => r.name}
      secondaryText={(r) =>
        [r.description, translate('kestrel.flags.summary', { percent: r.rollout_percentage, smart_count: r.overrides, overrides: formatCount(r.overrides) })].filter(Boolean).join(' · ')
      }
      tertiaryText={(r) => <FlagValueChip enabled={r.default} />}
    />
  );
}

function WideFlagList() {
  return (
    <DataTable<FeatureFlagRecord> rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="name" render={(r) => <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>{r.name}</Typography>} />
      <DataTable.Col source="description" disableSort sx={{ maxWidth: 420 }} />
      <DataTable.Col source="default" disableSort render={(r) => <FlagValueChip enabled={r.default} />} />
      <DataTable.Col source="rollout_percentage" render={(r) => <Rollout percent={r.rollout_percentage} />} />
      <DataTable.Col source="overrides" disableSort align="right" render={(r) => formatCount(r.overrides)} />
      <DataTable.Col source="updated_at" field={DateTimeField} />
    </DataTable>
  );
}

/** Every flag with its default, its rollout and how many tenants override it. */
export function FeatureFlagList() {
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  return (
    <List filters={filters} actions={<ListActions />} sort={{ field: 'name', order: 'ASC' }} perPage={25} exporter={false} error={<ListLoadError />}>
      {narrow ? <NarrowFlagList /> : <WideFlagList />}
    </List>
  );
}
