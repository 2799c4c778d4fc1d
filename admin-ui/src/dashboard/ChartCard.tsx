import { Box, Card, CardContent, CardHeader, Skeleton, Typography, useTheme, type SxProps, type Theme } from '@mui/material';
import type { ReactElement, ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { ResponsiveContainer } from 'recharts';

interface ChartCardProps {
  title: ReactNode;
  subheader: ReactNode;
  height: number;
  testId: string;
  /** False while the figures load: a placeholder of the chart's size stands in for it. */
  loaded: boolean;
  /** A message key, said over the chart when it has nothing to show. */
  emptyText?: string;
  /** Where the empty message sits: clear of the axes. */
  emptySx?: SxProps<Theme>;
  /** The chart (a recharts chart, which takes the card's width). */
  children: ReactElement;
  /** Below the chart, once it is loaded. */
  footer?: ReactNode;
  /** Outlined where it sits among a page's outlined cards (a company's pages), raised on the dashboard. */
  variant?: 'elevation' | 'outlined';
}

/** A dashboard card holding one chart, with its placeholder while the figures load and its message when there are none. */
export function ChartCard({ title, subheader, height, testId, loaded, emptyText, emptySx = { pb: 6 }, children, footer, variant = 'elevation' }: ChartCardProps) {
  const translate = useTranslate();
  return (
    <Card variant={variant} sx={{ height: '100%' }}>
      <CardHeader title={title} subheader={subheader} />
      <CardContent>
        {!loaded ? (
          <Skeleton variant="rectangular" height={height} />
        ) : (
          <Box sx={{ position: 'relative', height }} data-testid={testId}>
            <ResponsiveContainer width="100%" height={height} minWidth={0}>
              {children}
            </ResponsiveContainer>
            {emptyText && (
              <Typography
                color="text.secondary"
                sx={[{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', pointerEvents: 'none' }, ...(Array.isArray(emptySx) ? emptySx : [emptySx])]}
              >
                {translate(emptyText)}
              </Typography>
            )}
          </Box>
        )}
        {loaded && footer}
      </CardContent>
    </Card>
  );
}

/** The charts' common look, from the theme: small ticks in the secondary text colour, divider-coloured grid lines, a tooltip on paper. */
export function useChartLook() {
  const { palette } = useTheme();
  return {
    tick: { fontSize: 12, fill: palette.text.secondary },
    grid: palette.divider,
    tooltip: { background: palette.background.paper, borderColor: palette.divider },
    hover: { fill: palette.action.hover },
  };
}
