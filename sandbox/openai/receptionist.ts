import { dayIn, factsOf, saysEmergency, saysGoodbye, textOf, timeIn, type ChatMessage, type Facts } from './conversation';
import { allowsNull, fillSchema, type Hint, type JsonSchema } from './schema-filler';

/**
 * The sandbox's scripted model: a deterministic receptionist for a home-service company.
 * Its rules are listed in sandbox/README.md ("The scripted model"); keep the two in step.
 */

export interface FunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: JsonSchema; strict?: boolean };
}

export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } } | undefined;

export interface ModelRequest {
  messages: ChatMessage[];
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  response_format?: { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; json_schema: { name: string; schema?: JsonSchema; strict?: boolean } };
}

export interface ModelToolCall {
  name: string;
  arguments: string;
}

export type ModelReply = { content: string; toolCalls?: undefined } | { content: null; toolCalls: ModelToolCall[] };

const roles = {
  book: /^book_appointment$|book|schedule/i,
  transfer: /^transfer_to_human$|transfer|human|escalat/i,
  end: /^end_call$|end_?call|hang_?up/i,
};

const exactNames = { book: 'book_appointment', transfer: 'transfer_to_human', end: 'end_call' };

function findTool(tools: FunctionTool[], role: keyof typeof roles): FunctionTool | undefined {
  return tools.find((t) => t.function.name === exactNames[role]) ?? tools.find((t) => roles[role].test(t.function.name));
}

/** What a property called `key` should hold, given what the caller has said. */
export function factHint(facts: Facts, reason?: string): Hint {
  return (key) => {
    const k = key.toLowerCase();
    if (/(^|_)(street|street_?address|address_?line_?1?)$/.test(k)) return facts.street;
    if (/(^|_)(city|town|locality)$/.test(k)) return facts.city;
    if (/(^|_)(postal_?code|post_?code|zip(_?code)?)$/.test(k)) return facts.postalCode;
    if (/(^|_)(date_?time|when|start|slot)$/.test(k)) return facts.day && facts.time ? `${facts.day} ${facts.time}` : undefined;
    if (/day|date/.test(k)) return facts.day;
    if (/time|window/.test(k)) return facts.time;
    if (/phone|number/.test(k)) return facts.phone;
    if (/address|location/.test(k)) return facts.address;
    if (/name/.test(k)) return facts.name;
    if (/^reason$/.test(k)) return reason ?? facts.issue;
    if (/summary/.test(k)) return summaryOf(facts);
    if (/issue|problem|description|service|details|notes|reason/.test(k)) return facts.issue;
    if (/emergency|urgent/.test(k) && !/level|urgency/.test(k)) return facts.emergency !== undefined;
    if (/urgency|priority|severity/.test(k)) return facts.emergency ? /emerg|urgent|high|critical/i : /normal|routine|medium|low/i;
    if (/booked|appointment_(made|scheduled)|has_appointment/.test(k)) return facts.booked;
    if (/^(appointment|booking|visit)$/.test(k)) return facts.booked ? {} : null;
    if (/transfer/.test(k)) return facts.transferred;
    if (/follow_?up/.test(k)) return !facts.booked && !facts.transferred;
    if (/sentiment|mood/.test(k)) return /neutral/i;
    if (/intent|category|outcome|disposition|type|reason/.test(k)) {
      if (facts.emergency) return /emerg|transfer|urgent/i;
      if (facts.booked || facts.wantsVisit) return /book|appoint|schedul|service/i;
      return /inquir|question|info|general|other/i;
    }
    if (/action|next_step|task|follow/.test(k)) return facts.booked && facts.day ? [`Technician visit ${facts.day} ${facts.time ?? ''}`.trim()] : [];
    return undefined;
  };
}

export function summaryOf(facts: Facts): string {
  const who = facts.name ? `${facts.name} called` : 'A caller called';
  const about = facts.issue ? ` about: ${facts.issue.replace(/[.!?]+$/, '')}.` : '.';
  const outcome = facts.transferred
    ? ` Treated as an emergency (${facts.emergency ?? 'urgent'}) and transferred to a person.`
    : facts.booked
      ? ` An appointment was booked for ${[facts.day, facts.time].filter(Boolean).join(' at ')}.`
      : ' No appointment was booked.';
  return `${who} ${facts.company}${about}${outcome}`;
}

function callTool(tool: FunctionTool, facts: Facts, reason?: string): ModelReply {
  const parameters = tool.function.parameters ?? { type: 'object', properties: {} };
  const args = fillSchema(parameters, factHint(facts, reason));
  return { content: null, toolCalls: [{ name: tool.function.name, arguments: JSON.stringify(args) }] };
}

const questions: Array<[RegExp, (f: Facts) => string | undefined, (f: Facts) => string]> = [
  [/day|date/i, (f) => f.day, (f) => (f.time ? `What day works best for you at ${f.time}?` : 'What day and time work best for you?')],
  [/time|window/i, (f) => f.time, (f) => `What time works best for you on ${f.day}?`],
  [/name/i, (f) => f.name, () => 'May I have your name, please?'],
  [/address|location|street/i, (f) => f.street, () => "What's the address where you need the visit?"],
  [/city|town/i, (f) => f.city, (f) => (f.street ? `Which city or town is ${f.street} in?` : "What's the address where you need the visit?")],
  [/phone/i, (f) => f.phone, () => "What's the best phone number to reach you?"],
];

/** The question a receptionist asks before booking, or undefined when it has all it needs. */
function missingForBooking(tool: FunctionTool | undefined, facts: Facts): string | undefined {
  if (!facts.day || !facts.time) return questions[facts.day ? 1 : 0]![2](facts);
  const parameters = tool?.function.parameters ?? {};
  // Strict tools list every property as required; a nullable one is still optional to ask for.
  const needed = (parameters.required ?? []).filter((r) => {
    const property = parameters.properties?.[r];
    return property !== undefined && !allowsNull(property, parameters) && !/date_?time|when/i.test(r);
  });
  for (const [pattern, have, ask] of questions) {
    if (needed.some((r) => pattern.test(r)) && !have(facts)) return ask(facts);
  }
  return undefined;
}

function afterTool(messages: ChatMessage[], facts: Facts): ModelReply {
  const result = messages[messages.length - 1]!;
  const call = messages
    .flatMap((m) => m.tool_calls ?? [])
    .find((c) => c.id === result.tool_call_id);
  const name = call?.function?.name ?? '';
  const failed = /"?(error|ok"?\s*:\s*false|success"?\s*:\s*false)/i.test(textOf(result.content));
  if (roles.book.test(name)) {
    if (failed) {
      return /address/i.test(textOf(result.content))
        ? { content: "Before I book that, what's the address where you need the visit?" }
        : { content: "I'm sorry, I couldn't book that time. Is there another day or time that works for you?" };
    }
    const where = facts.address ? `, at ${facts.address}` : '';
    return { content: `You're all set for ${[facts.day, facts.time].filter(Boolean).join(' at ')}${where}. Is there anything else I can help you with?` };
  }
  if (roles.transfer.test(name)) return { content: `I'm connecting you with someone from ${facts.company} now. Please stay on the line.` };
  if (roles.end.test(name)) return { content: `Thank you for calling ${facts.company}. Goodbye!` };
  return { content: 'Done. Is there anything else I can help you with?' };
}

const GREETING = /^\s*(hi|hello|hey|good (morning|afternoon|evening))\b[\s,!.]*(there)?[\s,!.]*$/i;

export function receptionistReply(request: ModelRequest): ModelReply {
  const messages = request.messages;
  const facts = factsOf(messages);
  const choice = request.tool_choice;
  const tools = choice === 'none' ? [] : (request.tools ?? []).filter((t) => t.type === 'function');

  if (choice && typeof choice === 'object') {
    const forced = tools.find((t) => t.function.name === choice.function.name);
    if (forced) return callTool(forced, facts);
  }
  if (messages[messages.length - 1]?.role === 'tool') return afterTool(messages, facts);

  const latest = facts.latest;
  const book = findTool(tools, 'book');
  let reply: ModelReply;
  if (latest === undefined || facts.callerTurns.length === 0 || GREETING.test(latest)) {
    reply = { content: `Thank you for calling ${facts.company}. How can I help you today?` };
  } else if (saysEmergency(latest)) {
    const transfer = findTool(tools, 'transfer');
    reply = transfer
      ? callTool(transfer, facts, `Emergency: caller reports ${saysEmergency(latest)}`)
      : { content: `That sounds like an emergency. If you are in danger, leave the building and call 911. I'm getting someone from ${facts.company} on the line for you.` };
  } else if (saysGoodbye(latest)) {
    const end = findTool(tools, 'end');
    reply = end ? callTool(end, facts, 'Caller said goodbye') : { content: `Thank you for calling ${facts.company}. Goodbye!` };
  } else if (facts.wantsVisit && (!facts.booked || timeOrDayIn(latest))) {
    const question = missingForBooking(book, facts);
    if (question) reply = { content: `I can get a technician out to you. ${question}` };
    else if (book) reply = callTool(book, facts);
    else reply = { content: `I can book a technician for ${facts.day} at ${facts.time}. Shall I go ahead?` };
  } else if (facts.booked) {
    reply = { content: 'Is there anything else I can help you with?' };
  } else {
    reply = { content: 'I can help with that. Would you like me to book a technician to come out and take a look?' };
  }

  if (choice === 'required' && !reply.toolCalls && tools.length > 0) {
    return callTool(book && facts.wantsVisit ? book : tools[0]!, facts);
  }
  return reply;
}

function timeOrDayIn(text: string): boolean {
  return dayIn(text) !== undefined || timeIn(text) !== undefined;
}

/** A structured output: an object valid for the schema, filled from the transcript. */
export function structuredReply(messages: ChatMessage[], schema: JsonSchema): string {
  return JSON.stringify(fillSchema(schema, factHint(factsOf(messages))));
}
