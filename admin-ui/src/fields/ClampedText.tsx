import { Box } from '@mui/material';

interface ClampedTextProps {
  text: string | null;
  maxWidth: number;
  minWidth?: number;
  /** Machine text (an error, an address): monospace, a size smaller. */
  mono?: boolean;
}

/** Long text in a list's cell: two lines at most, the whole of it on hover. */
export function ClampedText({ text, maxWidth, minWidth, mono = false }: ClampedTextProps) {
  return (
    <Box
      component="span"
      title={text ?? undefined}
      sx={{ display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden', minWidth, maxWidth, ...(mono ? { fontFamily: 'monospace', fontSize: 13 } : {}) }}
    >
      {text}
    </Box>
  );
}
