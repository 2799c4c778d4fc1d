import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { session } from './session';

/**
 * After a change to the signed-in person's own standing (a phone verified, two-step sign-in
 * switched), asks `GET /api/auth/me` again: react-admin's permissions, which the menu and
 * the pages read, follow.
 */
export function useRefreshMe(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    session.forget();
    await queryClient.invalidateQueries({ queryKey: ['auth', 'getPermissions'] });
  }, [queryClient]);
}
