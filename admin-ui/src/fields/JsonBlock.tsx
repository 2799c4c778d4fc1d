import { Box } from '@mui/material';

/** A JSON value as an operator reads it: indented, monospaced, scrolling rather than overflowing the page. */
export function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <Box
      component="pre"
      data-testid={testId}
      sx={{
        m: 0,
        p: 1.5,
        maxHeight: 480,
        overflow: 'auto',
        bgcolor: 'action.hover',
        borderRadius: 1,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
        fontSize: 13,
        lineHeight: 1.5,
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-word',
      }}
    >
      {JSON.stringify(value ?? null, null, 2)}
    </Box>
  );
}
