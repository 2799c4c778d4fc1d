import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

/**
 * Reads again what the page shows of one portal resource (its lists, its records and the
 * page's own queries keyed under its name) after a change. react-admin's refresh would read
 * every query on the page, the company's settings and billing included, and the tenant API
 * counts a session's requests by the minute (half the plan's figure).
 */
export function useReadAgain(resource: string): (...under: unknown[]) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback((...under: unknown[]) => queryClient.invalidateQueries({ queryKey: [resource, ...under] }), [queryClient, resource]);
}
