/** Temporal's Web UI; a deployment points the console at its own with VITE_TEMPORAL_UI_URL at build time. */
const TEMPORAL_UI_URL: string = import.meta.env.VITE_TEMPORAL_UI_URL ?? 'http://localhost:8233';
const NAMESPACE: string = import.meta.env.VITE_TEMPORAL_NAMESPACE ?? 'default';

/** The workflow id is the one workflows/tenant-messages.ts gives it; importing that module would bundle the workflow SDK. */
export const temporalWorkflowUrl = (tenantId: string): string =>
  `${TEMPORAL_UI_URL.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(NAMESPACE)}/workflows/${encodeURIComponent(`tenant-${tenantId}`)}`;
