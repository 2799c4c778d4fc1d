import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { config } from '../lib/config';
import { sandboxUrl } from '../providers/sandbox-url';
import type { CallEvent } from './twilio/call-events';

/**
 * Talk to an agent by typing: `npx tsx sandbox/phone.ts --to +18575550100`.
 * Places an interactive call through the running sandbox, prints what the agent says,
 * and sends each line you type as the caller's speech. An empty line is silence; Ctrl-D hangs up.
 */

interface Snapshot {
  sid: string;
  state: 'running' | 'waiting' | 'ended';
  events: CallEvent[];
}

async function post(url: string, body: unknown): Promise<Snapshot> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as Snapshot & { error?: string };
  if (!response.ok) throw new Error(json.error ?? `HTTP ${response.status}`);
  return json;
}

function show(events: CallEvent[]): void {
  for (const e of events) {
    if (e.type === 'say') console.log(`agent> ${e.text}`);
    else if (e.type === 'play') console.log(`agent> [plays ${e.url}]`);
    else if (e.type === 'transfer') console.log(`[transferred to ${e.to}]`);
    else if (e.type === 'error') console.log(`[error ${e.code}: ${e.message}]`);
    else if (e.type === 'end') console.log(`[call ended: ${e.reason}, ${e.duration}s]`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { to: { type: 'string' }, from: { type: 'string', default: '+16175550123' } } });
  if (!values.to) throw new Error('usage: tsx sandbox/phone.ts --to <number bought in the sandbox> [--from +16175550123]');
  const base = `${sandboxUrl(config())}/sandbox/calls`;
  let call = await post(base, { from: values.from, to: values.to, interactive: true });
  show(call.events);
  const input = createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ' });
  if (call.state === 'waiting') input.prompt();
  for await (const line of input) {
    call = await post(`${base}/${call.sid}/speech`, { text: line });
    show(call.events);
    if (call.state !== 'waiting') break;
    input.prompt();
  }
  input.close();
  if (call.state !== 'ended') show((await post(`${base}/${call.sid}/hangup`, {})).events);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
