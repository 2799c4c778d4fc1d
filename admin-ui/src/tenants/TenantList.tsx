import PersonAddIcon from '@mui/icons-material/PersonAdd';
import {
  Button,
  DataTable,
  DateField,
  ExportButton,
  FilterButton,
  List,
  SearchInput,
  SelectInput,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import { StatusField } from './StatusChip';
import { industryChoices, planChoices, statusChoices } from './choices';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={statusChoices} />,
  <SelectInput key="plan_tier" source="plan_tier" choices={planChoices} />,
  <SelectInput key="industry" source="industry" choices={industryChoices} />,
];

/** New tenants come through the public wizard, which runs the lifecycle workflow. */
function SignupLink() {
  const translate = useTranslate();
  return (
    <Button to="/signup" label={translate('kestrel.tenants.signup')}>
      <PersonAddIcon />
    </Button>
  );
}

function ListActions() {
  return (
    <TopToolbar>
      <FilterButton />
      <SignupLink />
      <ExportButton />
    </TopToolbar>
  );
}

const Translated = ({ prefix, value }: { prefix: string; value?: string | null }) => {
  const translate = useTranslate();
  return value ? <>{translate(`${prefix}.${value}`, { _: value })}</> : null;
};

export function TenantList() {
  return (
    <List filters={filters} actions={<ListActions />} sort={{ field: 'created_at', order: 'DESC' }} perPage={25}>
      <DataTable rowClick="show">
        <DataTable.Col source="company_name" />
        <DataTable.Col source="slug" />
        <DataTable.Col source="status" field={StatusField} />
        <DataTable.Col source="plan_tier" render={(r) => <Translated prefix="kestrel.plans" value={r.plan_tier} />} />
        <DataTable.Col source="industry" render={(r) => <Translated prefix="kestrel.industries" value={r.industry} />} />
        <DataTable.Col source="phone_number" disableSort />
        <DataTable.Col source="trial_ends_at" field={DateField} />
        <DataTable.Col source="created_at" field={DateField} />
      </DataTable>
    </List>
  );
}
