import { readFileSync } from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { Config } from './config';

/** Connection options for Temporal: a local dev server by default, TLS or an API key for a cluster or Temporal Cloud. */
export function temporalConnectionOptions(c: Config): ConnectionOptions & { apiKey?: string } {
  const options: ConnectionOptions & { apiKey?: string } = { address: c.TEMPORAL_ADDRESS ?? `127.0.0.1:${c.TEMPORAL_PORT}` };
  if (c.TEMPORAL_API_KEY) {
    options.apiKey = c.TEMPORAL_API_KEY;
    options.tls = true;
  }
  if (c.TEMPORAL_TLS || c.TEMPORAL_TLS_CERT_PATH) {
    options.tls =
      c.TEMPORAL_TLS_CERT_PATH && c.TEMPORAL_TLS_KEY_PATH
        ? { clientCertPair: { crt: readFileSync(c.TEMPORAL_TLS_CERT_PATH), key: readFileSync(c.TEMPORAL_TLS_KEY_PATH) } }
        : true;
  }
  return options;
}

/**
 * A client whose connection is made on first use, so the API starts (and answers
 * Twilio with its fallback) even while Temporal is unreachable.
 */
export function createTemporalClient(c: Config): Client {
  const connection = Connection.lazy(temporalConnectionOptions(c));
  return new Client({ connection, namespace: c.TEMPORAL_NAMESPACE });
}

/**
 * A connection for health probes only. It does not retry: the SDK's retrying calls go on
 * past their deadline, while a probe must answer within its own.
 */
export function createTemporalHealthConnection(c: Config): Connection {
  return Connection.lazy({ ...temporalConnectionOptions(c), interceptors: [] });
}

/**
 * A workflow's page in Temporal's Web UI: under TEMPORAL_UI_URL, or the dev server's own
 * UI when Kestrel runs it; null when the deployment does not say where its UI is.
 */
export function temporalWorkflowUrl(c: Config, workflowId: string): string | null {
  const base = c.TEMPORAL_UI_URL ?? (c.TEMPORAL_ADDRESS ? undefined : `http://localhost:${c.TEMPORAL_UI_PORT}`);
  if (!base) return null;
  return `${base.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(c.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}`;
}
