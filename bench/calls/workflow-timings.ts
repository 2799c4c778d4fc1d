import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { inParallel, percentile } from '../figures';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Where a call workflow's time went, read from the timestamps of its history's events. */
export interface WorkflowTimings {
  calls: number;
  /** Per activity type: waiting in the task queue (scheduled → started) and running (started → completed). */
  activities: Map<string, { queued: number[]; running: number[] }>;
  /** Workflow tasks: waiting in the queue, running on the worker; and how many each call took. */
  workflowTasks: { queued: number[]; running: number[]; perCall: number[] };
  /**
   * By update name, the time Temporal and the worker took to answer it: from the workflow
   * task that took the update in (it is accepted when that task completes) to the answer;
   * the greeting from the workflow's start, which carries it.
   */
  updates: Map<string, number[]>;
  /** The final status signal → the workflow completed (summary, log, metering). */
  finishing: number[];
}

const eventId = (value: unknown) => Number(String(value));

/** Reads the histories of `workflowIds` (a few at a time) and gathers their timings. */
export async function workflowTimings(client: Client, workflowIds: string[]): Promise<WorkflowTimings> {
  const timings: WorkflowTimings = { calls: 0, activities: new Map(), workflowTasks: { queued: [], running: [], perCall: [] }, updates: new Map(), finishing: [] };
  await inParallel(workflowIds, 4, async (id) => {
    const history = await client.workflow.getHandle(id).fetchHistory();
    gather(timings, history.events ?? []);
  });
  return timings;
}

function gather(timings: WorkflowTimings, events: HistoryEvent[]): void {
  const at = new Map<number, number>();
  const activityType = new Map<number, string>();
  const updateName = new Map<number, string>();
  /** The workflow task each update came in with (its scheduled time), by the update's accepted event. */
  const updateArrived = new Map<number, number>();
  let lastTaskScheduled: number | undefined;
  let workflowStarted: number | undefined;
  let signalled: number | undefined;
  let workflowTasks = 0;
  const push = <K>(map: Map<K, number[]>, key: K, value: number) => map.set(key, [...(map.get(key) ?? []), value]);
  const activity = (type: string) => {
    let entry = timings.activities.get(type);
    if (!entry) timings.activities.set(type, (entry = { queued: [], running: [] }));
    return entry;
  };

  for (const event of events) {
    const id = eventId(event.eventId);
    const time = tsToMs(event.eventTime);
    at.set(id, time);
    if (event.workflowExecutionStartedEventAttributes) workflowStarted = time;
    else if (event.workflowTaskScheduledEventAttributes) lastTaskScheduled = time;
    else if (event.workflowTaskStartedEventAttributes) {
      timings.workflowTasks.queued.push(time - at.get(eventId(event.workflowTaskStartedEventAttributes.scheduledEventId))!);
    } else if (event.workflowTaskCompletedEventAttributes) {
      workflowTasks++;
      timings.workflowTasks.running.push(time - at.get(eventId(event.workflowTaskCompletedEventAttributes.startedEventId))!);
    } else if (event.activityTaskScheduledEventAttributes) {
      activityType.set(id, event.activityTaskScheduledEventAttributes.activityType?.name ?? '?');
    } else if (event.activityTaskStartedEventAttributes) {
      const scheduled = eventId(event.activityTaskStartedEventAttributes.scheduledEventId);
      activity(activityType.get(scheduled) ?? '?').queued.push(time - at.get(scheduled)!);
    } else if (event.activityTaskCompletedEventAttributes) {
      const { scheduledEventId, startedEventId } = event.activityTaskCompletedEventAttributes;
      activity(activityType.get(eventId(scheduledEventId)) ?? '?').running.push(time - at.get(eventId(startedEventId))!);
    } else if (event.workflowExecutionUpdateAcceptedEventAttributes) {
      updateName.set(id, event.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input?.name ?? '?');
      updateArrived.set(id, lastTaskScheduled ?? time);
    } else if (event.workflowExecutionUpdateCompletedEventAttributes) {
      const accepted = eventId(event.workflowExecutionUpdateCompletedEventAttributes.acceptedEventId);
      const name = updateName.get(accepted) ?? '?';
      // The greeting is asked for with the start itself: the caller waits from the start.
      const from = name === 'greeting' && workflowStarted !== undefined ? workflowStarted : (updateArrived.get(accepted) ?? at.get(accepted)!);
      push(timings.updates, name, time - from);
    } else if (event.workflowExecutionSignaledEventAttributes) {
      signalled ??= time;
    } else if (event.workflowExecutionCompletedEventAttributes && signalled !== undefined) {
      timings.finishing.push(time - signalled);
    }
  }
  timings.workflowTasks.perCall.push(workflowTasks);
  timings.calls++;
}

/** "p50 a, p99 b ms (n)" for a list of milliseconds. */
export function spread(values: number[]): string {
  if (values.length === 0) return '–';
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p99 ${percentile(sorted, 0.99).toFixed(0)} ms (n ${values.length})`;
}
