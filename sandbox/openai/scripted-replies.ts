import { z } from 'zod';
import type { ModelReply } from './receptionist';

export const scriptedReply = z
  .object({
    content: z.string().optional(),
    tool_calls: z
      .array(z.object({ name: z.string().min(1), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).default({}) }))
      .min(1)
      .optional(),
  })
  .refine((r) => (r.content === undefined) !== (r.tool_calls === undefined), { message: 'give content or tool_calls' });

export type ScriptedReply = z.infer<typeof scriptedReply>;

/**
 * Replies queued by a test or a demo script; each chat completion takes the oldest one
 * before the scripted model is asked, so a scenario can steer the model without
 * restarting the sandbox.
 */
export class ScriptedReplies {
  private queue: ScriptedReply[] = [];

  push(replies: ScriptedReply[]): number {
    this.queue.push(...replies);
    return this.queue.length;
  }

  pending(): ScriptedReply[] {
    return [...this.queue];
  }

  clear(): void {
    this.queue = [];
  }

  take(): ModelReply | undefined {
    const next = this.queue.shift();
    if (!next) return undefined;
    if (next.tool_calls) {
      return {
        content: null,
        toolCalls: next.tool_calls.map((c) => ({
          name: c.name,
          arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
        })),
      };
    }
    return { content: next.content ?? '' };
  }
}
