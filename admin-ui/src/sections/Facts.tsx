import { Card, CardContent, Grid, type GridProps, type SxProps, type Theme } from '@mui/material';
import type { ReactElement, ReactNode } from 'react';
import { Labeled } from 'react-admin';

type FactSize = GridProps['size'];

/** A third of the row on a wide screen, half on a tablet, the whole row on a phone. */
export const THIRD: FactSize = { xs: 12, sm: 6, md: 4 };

/** Labelled facts about a record, side by side where there is room. */
export function Facts({ children, sx }: { children: ReactNode; sx?: SxProps<Theme> }) {
  return (
    <Grid container spacing={2} sx={sx}>
      {children}
    </Grid>
  );
}

/** The facts at the head of a record's page, in an outlined card. */
export function FactsCard({ children }: { children: ReactNode }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Facts>{children}</Facts>
      </CardContent>
    </Card>
  );
}

/** One fact: its label (the field's own, from its `source`, unless one is given) over its value. */
export function Fact({ label, size = THIRD, children }: { label?: string; size?: FactSize; children: ReactElement }) {
  return (
    <Grid size={size}>
      <Labeled label={label}>{children}</Labeled>
    </Grid>
  );
}
