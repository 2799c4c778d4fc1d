import { ApplicationFailure } from '@temporalio/activity';
import type OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { Tenant } from '../db/models';
import { withTenant } from '../db/tenant-context';
import { agentScript } from '../domain/agent-script';
import { DEFAULT_EMERGENCY_KEYWORDS, emergencyKeyword } from '../domain/emergency';
import { mentionsStreet } from '../domain/service-address';
import type { Config } from '../lib/config';
import type { TranscriptLine } from '../workflows/call-messages';
import { agentProfile, type AgentProfile } from './agent-profile';
import { bookAppointment, MISSING_ADDRESS, type BookingRequest } from './calls-booking';
import { CALL_OUTCOMES, type CallSummary } from './calls';

/** The agent's answer to one caller turn; the workflow turns it into the next move. */
export type AgentReply =
  | { action: 'continue'; say: string; appointmentId?: string }
  | { action: 'transfer'; say: string; reason: string; emergency: boolean }
  | { action: 'end'; say: string };

export interface AgentTurnInput {
  tenantId: string;
  callSid: string;
  callerNumber: string;
  transcript: TranscriptLine[];
  /** The whole turn must fit in this budget (the workflow's timeout is the same). */
  budgetMs: number;
  /** The tenant as the call's context read it; absent (older calls), the turn reads it. */
  profile?: AgentProfile;
}

const TOOLS: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'book_appointment',
      description: 'Book a technician visit once the caller has agreed a day and a time.',
      parameters: {
        type: 'object',
        properties: {
          customer_name: { type: 'string', description: "The caller's name" },
          callback_number: { type: ['string', 'null'], description: 'A phone number to call back; null to use the number calling' },
          service_type: { type: 'string', description: 'What needs doing, in a few words' },
          date: { type: 'string', description: 'The day: YYYY-MM-DD, or as the caller said it (Tuesday, tomorrow)' },
          time: { type: 'string', description: 'The time: HH:MM (24h) or as the caller said it (10am)' },
          street: { type: 'string', description: 'Where the visit is: house number and street, with any apartment or unit (42 Elm Street, Apt 3)' },
          city: { type: 'string', description: 'The city or town of the visit' },
          postal_code: { type: ['string', 'null'], description: 'The ZIP code of the visit; null when the caller did not give one' },
          notes: { type: ['string', 'null'], description: 'Anything else the technician should know' },
        },
        required: ['customer_name', 'service_type', 'date', 'time', 'street', 'city'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'transfer_to_human',
      description: 'Connect the caller to a person: emergencies, or when the caller asks for one.',
      parameters: {
        type: 'object',
        properties: {
          reason: { type: 'string', description: 'Why the caller needs a person, in a few words' },
          emergency: { type: 'boolean', description: 'True when the caller reports an emergency' },
        },
        required: ['reason'],
      },
    },
  },
  {
    type: 'function',
    function: { name: 'end_call', description: 'End the call once the caller has nothing more to ask.', parameters: { type: 'object', properties: {} } },
  },
];

const SUMMARY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    summary: { type: 'string' },
    outcome: { type: 'string', enum: [...CALL_OUTCOMES] },
    customer_name: { type: ['string', 'null'] },
    callback_number: { type: ['string', 'null'] },
    service_type: { type: ['string', 'null'] },
    sentiment: { type: 'string', enum: ['positive', 'neutral', 'negative'] },
  },
  required: ['summary', 'outcome', 'customer_name', 'callback_number', 'service_type', 'sentiment'],
} as const;

/** Leaves the answer some room inside the budget once the model has replied. */
const MARGIN_MS = 300;

export function agentActivities(config: Config, openai: OpenAI) {
  const ask = (body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, deadline: number) => {
    const timeout = deadline - Date.now() - MARGIN_MS;
    if (timeout <= 0) throw ApplicationFailure.nonRetryable('no time left for the model in this turn', 'TurnBudgetExceeded');
    // No SDK retries: a second try would not fit in a caller's turn; the workflow has a fallback.
    return openai.chat.completions.create(body, { timeout, maxRetries: 0 });
  };

  return {
    /**
     * One turn of the conversation: the model reads the call so far and answers in words
     * or with a tool. A booking is made here (idempotent by call SID) and the model is
     * asked once more for the words that confirm it.
     */
    async agentTurn(p: AgentTurnInput): Promise<AgentReply> {
      const deadline = Date.now() + p.budgetMs;
      const profile = p.profile ?? (await profileOf(p.tenantId));
      // A model the tenant chose itself wins; the premium flag raises only the platform's default.
      const model = profile.model ?? (profile.premium ? config.OPENAI_PREMIUM_MODEL : config.OPENAI_MODEL);
      const now = clockIn(profile.timezone).format(new Date());
      const system = [
        `You are the phone receptionist for ${profile.companyName}, a ${profile.industry.replace('_', ' ')} company. Company name is ${profile.companyName}.`,
        `It is now ${now} (${profile.timezone}). Business hours: ${profile.hours}.`,
        'Be brief: one or two spoken sentences. Collect the caller\'s name, the problem, the address of the visit (street, city and ZIP code) and a day and time for it, then book it with book_appointment.',
        'Ask for the address when the caller has not given it. When confirming a booking, read back the day, the time and the address.',
        `Transfer to a human at once for emergencies (the company counts these as emergencies: ${(profile.emergencyKeywords ?? DEFAULT_EMERGENCY_KEYWORDS).join(', ')}) or when the caller asks for a person. End the call when the caller is done.`,
        profile.instructions,
      ]
        .filter(Boolean)
        .join('\n');
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: system },
        ...p.transcript.map((t): ChatCompletionMessageParam => ({ role: t.role === 'caller' ? 'user' : 'assistant', content: t.text })),
      ];

      const first = await ask({ model, messages, tools: TOOLS, tool_choice: 'auto' }, deadline);
      const message = first.choices[0]?.message;
      const call = message?.tool_calls?.find((c) => c.type === 'function');
      if (!call || call.type !== 'function') return { action: 'continue', say: message?.content?.trim() || agentScript.sayAgain() };

      const args = parseArguments(call.function.arguments);
      switch (call.function.name) {
        case 'transfer_to_human': {
          const reason = typeof args.reason === 'string' && args.reason ? args.reason : 'the caller asked for a person';
          return {
            action: 'transfer',
            reason,
            // The model's word, or the company's own emergency words in its reason: the rule the call workflow applies to what callers say.
            emergency: args.emergency === true || emergencyKeyword(reason, profile.emergencyKeywords ?? DEFAULT_EMERGENCY_KEYWORDS) !== undefined,
            say: agentScript.transferring(profile.companyName),
          };
        }
        case 'end_call':
          return { action: 'end', say: agentScript.goodbye(profile.companyName) };
        case 'book_appointment': {
          const booking = await bookAppointment(p.tenantId, p.callSid, p.callerNumber, args as BookingRequest);
          const result = booking.ok ? { ok: true, appointment: { starts: booking.when, address: booking.spokenAddress } } : { ok: false, error: booking.error };
          const fallback = booking.ok
            ? agentScript.booked(booking.when, booking.spokenAddress)
            : booking.error === MISSING_ADDRESS
              ? agentScript.askAddress()
              : agentScript.bookingFailed();
          let say = fallback;
          try {
            const second = await ask(
              {
                model,
                messages: [...messages, message!, { role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) }],
                tools: TOOLS,
                tool_choice: 'none',
              },
              deadline,
            );
            const confirmation = second.choices[0]?.message?.content?.trim();
            // The caller must hear where the technician is going: a confirmation without the street is not one.
            if (confirmation && (!booking.ok || mentionsStreet(confirmation, booking.address.street))) say = confirmation;
          } catch {
            // The booking stands; the caller hears the confirmation in our own words.
          }
          return booking.ok ? { action: 'continue', say, appointmentId: booking.appointmentId } : { action: 'continue', say };
        }
        default:
          return { action: 'continue', say: message?.content?.trim() || agentScript.sayAgain() };
      }
    },

    /** The call in a few structured fields (OpenAI structured outputs), for the log and the owner. */
    async summariseCall(p: { tenantId: string; transcript: TranscriptLine[]; companyName?: string }): Promise<CallSummary> {
      const company = p.companyName ?? (await withTenant(p.tenantId, async () => Tenant.query().findById(p.tenantId)))?.company_name;
      const lines = p.transcript.map((t) => `${t.role === 'caller' ? 'Caller' : 'Agent'}: ${t.text}`).join('\n');
      const completion = await openai.chat.completions.create(
        {
          model: config.OPENAI_MODEL,
          messages: [
            { role: 'system', content: `Summarise this phone call to ${company ?? 'a home-service company'} for the business owner.` },
            { role: 'user', content: lines },
          ],
          response_format: { type: 'json_schema', json_schema: { name: 'call_summary', strict: true, schema: SUMMARY_SCHEMA as unknown as Record<string, unknown> } },
        },
        { timeout: 30_000, maxRetries: 0 },
      );
      const message = completion.choices[0]?.message;
      // Strict structured outputs answer with the schema or a refusal: anything else will not improve by asking again.
      if (message?.refusal) throw ApplicationFailure.nonRetryable(`the model refused to summarise: ${message.refusal}`, 'SummaryRefused');
      const parsed = parseSummary(message?.content ?? '');
      if (!parsed) throw ApplicationFailure.nonRetryable('the model did not answer with the summary schema', 'SummaryInvalid');
      return parsed;
    },
  };
}

/** One formatter a zone, made once: making one takes ~0.2 ms, and every turn of every call reads the clock. */
const clocks = new Map<string, Intl.DateTimeFormat>();
function clockIn(timeZone: string): Intl.DateTimeFormat {
  let clock = clocks.get(timeZone);
  if (!clock) clocks.set(timeZone, (clock = new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'full', timeStyle: 'short' })));
  return clock;
}

/** The profile of a call whose context did not carry one. */
async function profileOf(tenantId: string): Promise<AgentProfile> {
  return withTenant(tenantId, async () => {
    const tenant = await Tenant.query().findById(tenantId);
    if (!tenant) throw ApplicationFailure.nonRetryable(`tenant ${tenantId} does not exist`, 'TenantNotFound');
    return agentProfile(tenant);
  });
}

function parseArguments(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseSummary(text: string): CallSummary | undefined {
  let value: Partial<CallSummary>;
  try {
    value = JSON.parse(text) as Partial<CallSummary>;
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || typeof value.summary !== 'string') return undefined;
  const orNull = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  return {
    summary: value.summary,
    outcome: (CALL_OUTCOMES as readonly string[]).includes(value.outcome ?? '') ? value.outcome! : 'other',
    customer_name: orNull(value.customer_name),
    callback_number: orNull(value.callback_number),
    service_type: orNull(value.service_type),
    sentiment: value.sentiment === 'positive' || value.sentiment === 'negative' ? value.sentiment : 'neutral',
  };
}
