import CheckCircleOutlinedIcon from '@mui/icons-material/CheckCircleOutlined';
import { Skeleton, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

/** A dashboard list's rows while they load. */
export function LoadingRows() {
  return (
    <Stack spacing={1} sx={{ px: 2, pb: 2 }}>
      <Skeleton />
      <Skeleton />
    </Stack>
  );
}

/** A dashboard list with nothing in it because nothing is wrong: a message key, with a green tick. */
export function AllClear({ message }: { message: string }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={1} sx={{ px: 2, pb: 2, alignItems: 'center' }}>
      <CheckCircleOutlinedIcon color="success" />
      <Typography color="text.secondary">{translate(message)}</Typography>
    </Stack>
  );
}
