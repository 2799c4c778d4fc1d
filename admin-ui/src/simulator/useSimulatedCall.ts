import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useDataProvider, type Identifier } from 'react-admin';
import type { CallRecord } from '../calls/callRecord';
import type { KestrelDataProvider } from '../dataProvider';
import type { SimulatedCall, SimulatorEvent } from './simulatedCall';

/** The call log is written after the call ends, once its workflow has summarised and metered it. */
const CALL_LOG_POLL_MS = 2_000;

export type Phase = 'idle' | 'dialling' | 'live' | 'ended';

/**
 * Each answer of the simulator carries the events since the previous stop (`since` says
 * from which index); the first carries them all. Kept whole, they give the call in order.
 */
function mergeEvents(known: SimulatorEvent[], call: SimulatedCall): SimulatorEvent[] {
  return [...known.slice(0, call.since ?? 0), ...call.events];
}

/**
 * One simulated call from the operator's side: dial, speak, hang up, and then find the
 * call log the platform writes for it.
 */
export function useSimulatedCall() {
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const [call, setCall] = useState<SimulatedCall | null>(null);
  const [events, setEvents] = useState<SimulatorEvent[]>([]);
  /** What the caller just said, shown before the agent's answer comes back with it. */
  const [saying, setSaying] = useState<string | null>(null);

  const take = (next: SimulatedCall) => {
    setCall(next);
    setEvents((known) => mergeEvents(known, next));
  };

  const dial = useMutation({
    mutationFn: (body: { tenant_id: Identifier; from?: string }) => dataProvider.simulatorCall(body),
    onMutate: () => {
      setCall(null);
      setEvents([]);
    },
    onSuccess: take,
  });
  const speak = useMutation({
    mutationFn: ({ sid, text }: { sid: string; text: string }) => dataProvider.simulatorSpeech(sid, text),
    onMutate: ({ text }) => setSaying(text),
    onSuccess: take,
    onSettled: () => setSaying(null),
  });
  const hangUp = useMutation({ mutationFn: (sid: string) => dataProvider.simulatorHangup(sid), onSuccess: take });

  const phase: Phase = dial.isPending ? 'dialling' : !call ? 'idle' : call.state === 'ended' ? 'ended' : 'live';

  // An operator who leaves the page mid-call hangs up, as a caller putting the phone down
  // would; otherwise the call would hold the line until the platform gives up on it.
  const liveSid = useRef<string | null>(null);
  useEffect(() => {
    liveSid.current = call && call.state !== 'ended' ? call.sid : null;
  }, [call]);
  useEffect(
    () => () => {
      if (liveSid.current) dataProvider.simulatorHangup(liveSid.current).catch(() => undefined);
    },
    [dataProvider],
  );

  const callLog = useQuery({
    queryKey: ['calls', 'simulated', call?.sid],
    queryFn: async () => (await dataProvider.getList<CallRecord>('calls', { filter: { call_sid: call!.sid }, pagination: { page: 1, perPage: 1 }, sort: { field: 'started_at', order: 'DESC' } })).data[0] ?? null,
    enabled: phase === 'ended',
    refetchInterval: (query) => (query.state.data ? false : CALL_LOG_POLL_MS),
  });

  const reset = () => {
    setCall(null);
    setEvents([]);
    dial.reset();
    speak.reset();
    hangUp.reset();
  };

  return {
    phase,
    call,
    events,
    saying,
    /** The agent is answering: a line was said or the call is being placed. */
    waiting: speak.isPending || dial.isPending,
    error: (dial.error ?? speak.error ?? hangUp.error) as Error | null,
    dial: (body: { tenant_id: Identifier; from?: string }) => {
      speak.reset();
      hangUp.reset();
      dial.mutate(body);
    },
    say: (text: string) => call && speak.mutate({ sid: call.sid, text }),
    hangUp: () => call && hangUp.mutate(call.sid),
    hangingUp: hangUp.isPending,
    callLog: callLog.data ?? null,
    reset,
  };
}
