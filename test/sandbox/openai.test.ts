import Ajv from 'ajv';
import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { expectResponsesMatchSpecs } from './support/provider-specs';
import { sandboxCall, startSandboxWithClients, type SandboxWithClients } from './support/sandbox-clients';

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

let env: SandboxWithClients;

beforeAll(async () => {
  env = await startSandboxWithClients();
});

afterAll(async () => {
  await env.sandbox.close();
});

const system: Message = {
  role: 'system',
  content: 'You are the friendly phone receptionist for Acme Heating & Cooling. Book visits, and send emergencies to a person.',
};

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'book_appointment',
      description: 'Book a technician visit',
      parameters: {
        type: 'object',
        properties: { day: { type: 'string' }, time: { type: 'string' }, issue: { type: 'string' }, customer_name: { type: ['string', 'null'] } },
        required: ['day', 'time', 'issue', 'customer_name'],
        additionalProperties: false,
      },
      strict: true,
    },
  },
  {
    type: 'function',
    function: {
      name: 'transfer_to_human',
      parameters: { type: 'object', properties: { reason: { type: 'string' } }, required: ['reason'], additionalProperties: false },
    },
  },
  { type: 'function', function: { name: 'end_call', parameters: { type: 'object', properties: { reason: { type: 'string' } }, required: ['reason'] } } },
];

const chat = (messages: Message[], extra: Partial<OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming> = {}) =>
  env.openai.chat.completions.create({ model: env.config.OPENAI_MODEL, messages: [system, ...messages], tools, ...extra });

describe('OpenAI chat completions through the openai SDK', () => {
  it('greets in the company’s name from the system prompt', async () => {
    const reply = await env.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [system] });
    expect(reply.choices[0]!.message.content).toBe('Thank you for calling Acme Heating & Cooling. How can I help you today?');
    expect(reply.choices[0]!.finish_reason).toBe('stop');
    expect(reply.model).toBe('gpt-4o-mini');
    expect(reply.usage!.total_tokens).toBeGreaterThan(0);
  });

  it('asks for what is missing before booking a visit', async () => {
    const noDay = await chat([{ role: 'user', content: 'Hi, my furnace stopped working. Can you send someone?' }]);
    expect(noDay.choices[0]!.message.tool_calls).toBeUndefined();
    expect(noDay.choices[0]!.message.content).toMatch(/what day and time/i);

    const noTime = await chat([{ role: 'user', content: 'My furnace stopped working. Can someone come Tuesday?' }]);
    expect(noTime.choices[0]!.message.content).toMatch(/what time works best for you on Tuesday/i);
  });

  it('calls book_appointment once the caller has given a day and a time', async () => {
    const conversation: Message[] = [
      { role: 'user', content: 'My furnace stopped working. Can someone come out?' },
      { role: 'assistant', content: 'I can get a technician out to you. What day and time work best for you?' },
      { role: 'user', content: "This is Dana Reyes. Thursday at 2pm works." },
    ];
    const reply = await chat(conversation);
    const call = reply.choices[0]!.message.tool_calls?.[0];
    expect(reply.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('book_appointment');
    expect(JSON.parse(call.function.arguments)).toEqual({
      day: 'Thursday',
      time: '2:00 PM',
      issue: 'My furnace stopped working.',
      customer_name: 'Dana Reyes',
    });

    const confirmed = await chat([
      ...conversation,
      { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: call.function }] },
      { role: 'tool', tool_call_id: call.id, content: JSON.stringify({ ok: true, appointmentId: 'apt_1' }) },
    ]);
    expect(confirmed.choices[0]!.message.content).toBe("You're all set for Thursday at 2:00 PM. Is there anything else I can help you with?");
  });

  it('asks where the visit is when the tool needs a street and a city, fills the address in by parts and reads it back', async () => {
    const addressTool: OpenAI.Chat.Completions.ChatCompletionTool = {
      type: 'function',
      function: {
        name: 'book_appointment',
        parameters: {
          type: 'object',
          properties: {
            date: { type: 'string' },
            time: { type: 'string' },
            street: { type: 'string' },
            city: { type: 'string' },
            postal_code: { type: ['string', 'null'] },
          },
          required: ['date', 'time', 'street', 'city', 'postal_code'],
          additionalProperties: false,
        },
        strict: true,
      },
    };
    const ask = (messages: Message[]) => chat(messages, { tools: [addressTool] });
    const booking = (reply: OpenAI.Chat.Completions.ChatCompletion) => {
      const call = reply.choices[0]!.message.tool_calls?.[0];
      if (call?.type !== 'function') throw new Error(`expected a function call, got "${reply.choices[0]!.message.content}"`);
      return { call, args: JSON.parse(call.function.arguments) as Record<string, unknown> };
    };
    const visit: Message = { role: 'user', content: 'My furnace stopped working. Can someone come Thursday at 2pm?' };

    const unsaid = await ask([visit]);
    expect(unsaid.choices[0]!.message.content).toBe("I can get a technician out to you. What's the address where you need the visit?");

    const full = booking(await ask([visit, { role: 'user', content: "It's 42 Elm Street, Cambridge, MA 02139." }]));
    expect(full.args).toEqual({ date: 'Thursday', time: '2:00 PM', street: '42 Elm Street', city: 'Cambridge', postal_code: '02139' });
    const noZip = booking(await ask([{ role: 'user', content: 'My furnace stopped working. Can someone come to 42 Elm Street, Cambridge on Thursday at 2pm?' }]));
    expect(noZip.args).toEqual({ date: 'Thursday', time: '2:00 PM', street: '42 Elm Street', city: 'Cambridge', postal_code: null });

    // A street without its town: the town is asked for, and a town said alone answers it.
    const streetOnly: Message[] = [visit, { role: 'user', content: '12 Oak Rd' }];
    const askedTown = await ask(streetOnly);
    expect(askedTown.choices[0]!.message.content).toBe('I can get a technician out to you. Which city or town is 12 Oak Rd in?');
    const withTown = booking(await ask([...streetOnly, { role: 'assistant', content: askedTown.choices[0]!.message.content }, { role: 'user', content: 'Newton' }]));
    expect(withTown.args).toMatchObject({ street: '12 Oak Rd', city: 'Newton', postal_code: null });

    // The confirmation reads the address back; a refusal naming the address asks for it.
    const conversation: Message[] = [visit, { role: 'user', content: "It's 42 Elm Street, Cambridge, MA 02139." }];
    const after = (result: unknown) =>
      ask([
        ...conversation,
        { role: 'assistant', content: null, tool_calls: [{ id: full.call.id, type: 'function', function: full.call.function }] },
        { role: 'tool', tool_call_id: full.call.id, content: JSON.stringify(result) },
      ]);
    expect((await after({ ok: true })).choices[0]!.message.content).toBe(
      "You're all set for Thursday at 2:00 PM, at 42 Elm Street, Cambridge, MA 02139. Is there anything else I can help you with?",
    );
    expect((await after({ ok: false, error: 'ask the caller for the service address' })).choices[0]!.message.content).toBe(
      "Before I book that, what's the address where you need the visit?",
    );
  });

  it('transfers an emergency to a person and ends the call on goodbye', async () => {
    const emergency = await chat([{ role: 'user', content: 'I smell gas in the kitchen!' }]);
    const transfer = emergency.choices[0]!.message.tool_calls?.[0];
    expect(transfer?.type === 'function' && transfer.function.name).toBe('transfer_to_human');
    expect(transfer?.type === 'function' && JSON.parse(transfer.function.arguments)).toEqual({ reason: 'Emergency: caller reports smell gas' });

    const goodbye = await chat([{ role: 'user', content: "No, that's all. Thanks, bye!" }]);
    const end = goodbye.choices[0]!.message.tool_calls?.[0];
    expect(end?.type === 'function' && end.function.name).toBe('end_call');
  });

  it('answers in words when tool_choice is none', async () => {
    const reply = await chat([{ role: 'user', content: 'There is water everywhere, a pipe burst!' }], { tool_choice: 'none' });
    expect(reply.choices[0]!.message.tool_calls).toBeUndefined();
    expect(reply.choices[0]!.message.content).toMatch(/emergency/i);
  });

  it('returns a structured output valid for the schema, filled from the transcript', async () => {
    const CallSummary = z.object({
      summary: z.string(),
      caller_name: z.string().nullable(),
      intent: z.enum(['booking', 'emergency', 'inquiry']),
      appointment: z.object({ day: z.string(), time: z.string() }).nullable(),
      is_emergency: z.boolean(),
    });
    const transcript = [
      'Agent: Thank you for calling Acme Heating & Cooling. How can I help you today?',
      "Caller: Hi, this is Dana Reyes, our boiler is leaking. Could someone come Friday at 9am?",
      "Agent: You're all set for Friday at 9:00 AM.",
      'Caller: Great, bye.',
    ].join('\n');
    const completion = await env.openai.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Summarise this call for Acme Heating & Cooling.' },
        { role: 'user', content: transcript },
      ],
      response_format: zodResponseFormat(CallSummary, 'call_summary'),
    });
    const parsed = completion.choices[0]!.message.parsed;
    expect(parsed).toEqual({
      summary: expect.stringContaining('Dana Reyes called Acme Heating & Cooling about: Hi, this is Dana Reyes, our boiler is leaking.'),
      caller_name: 'Dana Reyes',
      intent: 'booking',
      appointment: { day: 'Friday', time: '9:00 AM' },
      is_emergency: false,
    });

    const schema = zodResponseFormat(CallSummary, 'call_summary').json_schema.schema!;
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(JSON.parse(completion.choices[0]!.message.content!))).toBe(true);
  });

  it('streams the same answer as server-sent events, text and tool calls alike', async () => {
    const messages: Message[] = [system, { role: 'user', content: 'Can someone fix my AC on Monday at 11am?' }];
    const plain = await env.openai.chat.completions.create({ model: 'gpt-4o-mini', messages, tool_choice: 'none' });
    const stream = await env.openai.chat.completions.create({ model: 'gpt-4o-mini', messages, tool_choice: 'none', stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage?.total_tokens ?? usage;
    }
    expect(text).toBe(plain.choices[0]!.message.content);
    expect(usage).toBeGreaterThan(0);

    const toolStream = env.openai.chat.completions.stream({ model: 'gpt-4o-mini', messages, tools });
    const final = await toolStream.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('book_appointment');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toMatchObject({ day: 'Monday', time: '11:00 AM' });
  });

  it('returns queued scripted replies first, then goes back to the scripted model', async () => {
    const queued = await sandboxCall(env.sandbox, 'POST', '/sandbox/openai/replies', {
      replies: [{ content: 'Scripted hello.' }, { tool_calls: [{ name: 'end_call', arguments: { reason: 'scripted' } }] }],
    });
    expect(queued.status).toBe(201);

    const first = await chat([{ role: 'user', content: 'Hi' }]);
    const second = await chat([{ role: 'user', content: 'Hi' }]);
    const third = await chat([{ role: 'user', content: 'Hi' }]);
    expect(first.choices[0]!.message.content).toBe('Scripted hello.');
    const end = second.choices[0]!.message.tool_calls?.[0];
    expect(end?.type === 'function' && [end.function.name, end.function.arguments]).toEqual(['end_call', '{"reason":"scripted"}']);
    expect(third.choices[0]!.message.content).not.toBe('Scripted hello.');
  });

  it('rejects a request without messages with OpenAI’s error, raised by the SDK', async () => {
    await expect(env.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [] })).rejects.toMatchObject({
      status: 400,
      type: 'invalid_request_error',
    });
  });

  it("served only responses that match OpenAI's OpenAPI document", () => {
    const results = expectResponsesMatchSpecs(env.sandbox.recordedResponses());
    expect(new Set(results.map((r) => r.operation))).toEqual(new Set(['POST /v1/chat/completions']));
    expect(results.some((r) => r.response.contentType.startsWith('text/event-stream'))).toBe(true);
  });
});
