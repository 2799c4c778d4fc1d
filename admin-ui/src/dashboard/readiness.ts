export interface Readiness {
  ready: boolean;
  checks: Record<string, 'up' | 'down'>;
}

/** /readyz answers 200 when ready and a 503 problem naming what is down; both carry `checks`. */
export async function fetchReadiness(): Promise<Readiness> {
  try {
    const res = await fetch('/readyz');
    const body = (await res.json()) as { checks?: Record<string, 'up' | 'down'> };
    return { ready: res.ok, checks: body.checks ?? {} };
  } catch {
    return { ready: false, checks: { api: 'down' } };
  }
}
