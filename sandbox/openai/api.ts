import { randomBytes } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Faults } from '../faults';
import { textOf, type ChatMessage } from './conversation';
import { OpenAIApiError, openaiFaultBody } from './errors';
import { modelDelayMs, type ModelLatency } from './latency';
import { receptionistReply, structuredReply, type ModelReply, type ModelRequest } from './receptionist';
import { scriptedReply, type ScriptedReplies } from './scripted-replies';

const chatRequest = z.looseObject({
  model: z.string().min(1),
  messages: z.array(z.looseObject({ role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']) })).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  n: z.number().int().min(1).max(8).nullish(),
  tools: z
    .array(z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string().min(1), parameters: z.record(z.string(), z.unknown()).optional() }).optional() }))
    .optional(),
  tool_choice: z.unknown().optional(),
  response_format: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('text') }),
      z.object({ type: z.literal('json_object') }),
      z.object({ type: z.literal('json_schema'), json_schema: z.looseObject({ name: z.string().min(1), schema: z.record(z.string(), z.unknown()).optional() }) }),
    ])
    .optional(),
});

type ChatRequest = z.infer<typeof chatRequest>;

const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function completionId(): string {
  return `chatcmpl-${randomBytes(12).toString('base64url')}`;
}

function toolCallId(): string {
  return `call_${randomBytes(12).toString('base64url')}`;
}

function answer(request: ChatRequest, scripted: ScriptedReplies): ModelReply {
  const queued = scripted.take();
  if (queued) return queued;
  const messages = request.messages as ChatMessage[];
  const format = request.response_format;
  if (format?.type === 'json_schema') return { content: structuredReply(messages, (format.json_schema.schema ?? {}) as never) };
  if (format?.type === 'json_object') return { content: structuredReply(messages, { type: 'object', properties: { summary: { type: 'string' } } }) };
  return receptionistReply(request as unknown as ModelRequest);
}

function usageOf(request: ChatRequest, reply: ModelReply) {
  const prompt = tokens(request.messages.map((m) => textOf(m.content)).join('\n'));
  const completion = tokens(reply.content ?? reply.toolCalls.map((c) => c.name + c.arguments).join(''));
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function completion(request: ChatRequest, reply: ModelReply) {
  const calls = reply.toolCalls?.map((c) => ({ id: toolCallId(), type: 'function' as const, function: { name: c.name, arguments: c.arguments } }));
  const choice = (index: number) => ({
    index,
    message: { role: 'assistant' as const, content: reply.content, refusal: null, ...(calls ? { tool_calls: calls } : {}), annotations: [] },
    logprobs: null,
    finish_reason: calls ? ('tool_calls' as const) : ('stop' as const),
  });
  return {
    id: completionId(),
    object: 'chat.completion' as const,
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: Array.from({ length: request.n ?? 1 }, (_, i) => choice(i)),
    usage: usageOf(request, reply),
    service_tier: 'default' as const,
    system_fingerprint: 'fp_kestrel_sandbox',
  };
}

/** Splits text into the word-sized pieces a streamed completion arrives in. */
function pieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [''];
}

function streamCompletion(res: Response, request: ChatRequest, reply: ModelReply): void {
  const id = completionId();
  const created = Math.floor(Date.now() / 1000);
  const includeUsage = request.stream_options?.include_usage === true;
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, system_fingerprint: 'fp_kestrel_sandbox', service_tier: 'default', choices, ...(includeUsage ? { usage: null } : {}), ...extra })}\n\n`,
    );
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.flushHeaders();
  const n = request.n ?? 1;
  for (let index = 0; index < n; index++) {
    chunk([{ index, delta: { role: 'assistant', content: reply.toolCalls ? null : '', refusal: null }, logprobs: null, finish_reason: null }]);
    if (reply.toolCalls) {
      reply.toolCalls.forEach((call, i) => {
        chunk([{ index, delta: { tool_calls: [{ index: i, id: toolCallId(), type: 'function', function: { name: call.name, arguments: '' } }] }, logprobs: null, finish_reason: null }]);
        for (const part of call.arguments.match(/.{1,16}/gs) ?? []) {
          chunk([{ index, delta: { tool_calls: [{ index: i, function: { arguments: part } }] }, logprobs: null, finish_reason: null }]);
        }
      });
    } else {
      for (const part of pieces(reply.content)) chunk([{ index, delta: { content: part }, logprobs: null, finish_reason: null }]);
    }
    chunk([{ index, delta: {}, logprobs: null, finish_reason: reply.toolCalls ? 'tool_calls' : 'stop' }]);
  }
  if (includeUsage) chunk([], { usage: usageOf(request, reply) });
  res.end('data: [DONE]\n\n');
}

/** The model's time over a request, as a real one takes it: the delay of its last message's text. */
function thinking(request: ChatRequest, latency: ModelLatency): Promise<void> {
  const last = request.messages[request.messages.length - 1];
  const delay = modelDelayMs(textOf(last?.content).trim(), latency);
  return new Promise((resolve) => setTimeout(resolve, delay));
}

const models = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-4.1'];

/**
 * OpenAI's `/v1` API as far as Kestrel uses it: chat completions (plain, tools, structured,
 * streamed) and models. With `latency`, a completion answers after the delay a real model
 * would take (latency.ts); without it, at once.
 */
export function openaiApi(faults: Faults, scripted: ScriptedReplies, latency?: ModelLatency): Router {
  const router = Router();
  const guard = (operation: string) => faults.guard('openai', operation, openaiFaultBody);

  router.use('/v1', express.json({ limit: '10mb' }), (req, _res, next) => {
    const key = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!key) {
      throw new OpenAIApiError(401, "You didn't provide an API key. Provide it in an Authorization header using Bearer auth.", 'invalid_request_error', null, 'missing_api_key');
    }
    next();
  });

  router.post('/v1/chat/completions', guard('createChatCompletion'), async (req, res) => {
    const parsed = chatRequest.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new OpenAIApiError(400, z.prettifyError(parsed.error), 'invalid_request_error', issue?.path.join('.') || null);
    }
    const request = parsed.data;
    const reply = answer(request, scripted);
    if (latency) await thinking(request, latency);
    if (request.stream) streamCompletion(res, request, reply);
    else res.json(completion(request, reply));
  });

  router.get('/v1/models', guard('listModels'), (_req, res) => {
    res.json({ object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'kestrel-sandbox' })) });
  });

  router.get('/v1/models/:model', guard('retrieveModel'), (req, res) => {
    const id = String(req.params.model);
    if (!models.includes(id)) throw new OpenAIApiError(404, `The model '${id}' does not exist`, 'invalid_request_error', 'model', 'model_not_found');
    res.json({ id, object: 'model', created: 1_700_000_000, owned_by: 'kestrel-sandbox' });
  });

  router.use('/v1', (req) => {
    throw new OpenAIApiError(404, `Unknown request URL: ${req.method} ${req.originalUrl}.`, 'invalid_request_error', null, 'unknown_url');
  });

  router.use('/v1', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof OpenAIApiError) {
      res.status(error.status).json(error.body());
      return;
    }
    if (error instanceof SyntaxError) {
      res.status(400).json(new OpenAIApiError(400, 'We could not parse the JSON body of your request.').body());
      return;
    }
    next(error);
  });
  return router;
}

/** `/sandbox/openai/replies`: queue replies the next completions return instead of the scripted model's. */
export function scriptedRepliesRoutes(scripted: ScriptedReplies): Router {
  const router = Router();
  const body = z.object({ replies: z.array(scriptedReply).min(1) });
  router.post('/sandbox/openai/replies', (req, res) => {
    const parsed = body.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: z.prettifyError(parsed.error) });
      return;
    }
    res.status(201).json({ pending: scripted.push(parsed.data.replies) });
  });
  router.get('/sandbox/openai/replies', (_req, res) => {
    res.json({ pending: scripted.pending() });
  });
  router.delete('/sandbox/openai/replies', (_req, res) => {
    scripted.clear();
    res.status(204).end();
  });
  return router;
}
