import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import { IconButton, Stack, Typography } from '@mui/material';
import { useListContext, useTranslate } from 'react-admin';

/**
 * Back and forward through a cursor-paged list. The tenant API does not count its rows, so
 * there is no "of N" to show (react-admin's own pagination would guess one): only the page
 * number, and arrows where there is a page to go to.
 */
export function CursorPagination() {
  const translate = useTranslate();
  const { page, setPage, hasNextPage, hasPreviousPage, isPending } = useListContext();
  if (isPending || (!hasNextPage && !hasPreviousPage)) return null;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'flex-end', p: 1 }} data-testid="cursor-pagination">
      <IconButton aria-label={translate('ra.navigation.previous')} disabled={!hasPreviousPage} onClick={() => setPage(page - 1)}>
        <ChevronLeftIcon />
      </IconButton>
      <Typography variant="body2">{translate('kestrel.portal.page', { page })}</Typography>
      <IconButton aria-label={translate('ra.navigation.next')} disabled={!hasNextPage} onClick={() => setPage(page + 1)}>
        <ChevronRightIcon />
      </IconButton>
    </Stack>
  );
}
