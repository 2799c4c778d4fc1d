/**
 * What the scripted model understands of a conversation: who the company is, what the
 * caller has said, and the facts a receptionist would note down. Pure functions over
 * the chat messages, so the model's answers are the same for the same conversation.
 */

export interface ChatMessage {
  role: string;
  content?: unknown;
  name?: string;
  tool_call_id?: string;
  tool_calls?: Array<{ id: string; type?: string; function?: { name: string; arguments: string } }>;
}

export interface Facts {
  company: string;
  callerTurns: string[];
  agentTurns: string[];
  /** The caller's words when the conversation ends with them, else undefined. */
  latest: string | undefined;
  day?: string;
  time?: string;
  name?: string;
  phone?: string;
  address?: string;
  issue?: string;
  emergency?: string;
  wantsVisit: boolean;
  booked: boolean;
  transferred: boolean;
}

export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) => (part && typeof part === 'object' && 'text' in part ? String((part as { text: unknown }).text) : ''))
      .join(' ');
  }
  return '';
}

const capitalisedWords = "[A-Z][\\w'’-]*(?:\\s+(?:&|and|of|the|[A-Z][\\w'’-]*))*";

export function companyName(systemPrompt: string): string {
  const explicit = /\bcompany(?:\s+name)?\s*(?:is|:)\s*["“]?([^"”\n.,]+)/i.exec(systemPrompt)?.[1];
  if (explicit) return explicit.trim();
  const named = new RegExp(`\\b(?:for|at|from|of)\\s+(${capitalisedWords})`).exec(systemPrompt)?.[1];
  return named?.trim() ?? 'our company';
}

const EMERGENCY =
  /\b(gas leak|smell(?:s|ing)? (?:of )?gas|carbon monoxide|co alarm|fire|smoke|sparks?|sparking|burning smell|flood(?:ed|ing)?|burst pipe|pipe burst|water everywhere|electric(?:al)? shock|exposed wires?|emergency)\b/i;
const GOODBYE = /\b(good ?bye|bye|that'?s all|that is all|that'?s it|nothing else|no,? thanks?(?: you)?|hang up)\b/i;
const VISIT =
  /\b(book|appointment|schedule|come out|come over|send (?:someone|somebody|a tech\w*)|technician|visit|service call|repair|fix|take a look|look at it|estimate|quote|install|tune-?up|maintenance)\b/i;
const PROBLEM =
  /\b(not working|broken|broke|leak\w*|no heat|no hot water|no (?:ac|air)|clog\w*|drain|furnace|boiler|heater|water heater|ac|air condition\w*|outlet|breaker|noise|noisy|won'?t|doesn'?t|isn'?t|stopped)\b/i;

const DAYS = /\b(today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;
const DATE = /\b((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}\/\d{1,2})\b/i;
const CLOCK = /\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?/i;
const AT_HOUR = /\bat (\d{1,2})(?::(\d{2}))?\b(?!\s*(?:st|nd|rd|th|%))/i;
const PARTS_OF_DAY: Record<string, string> = { morning: '9:00 AM', noon: '12:00 PM', afternoon: '2:00 PM', evening: '5:00 PM' };

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

export function dayIn(text: string): string | undefined {
  const day = DAYS.exec(text)?.[1];
  if (day) return capitalise(day);
  return DATE.exec(text)?.[1];
}

export function timeIn(text: string): string | undefined {
  const clock = CLOCK.exec(text);
  if (clock) return `${Number(clock[1])}:${clock[2] ?? '00'} ${clock[3]!.toUpperCase()}M`;
  const at = AT_HOUR.exec(text);
  if (at) {
    // Business hours: "at 9" is the morning, "at 3" the afternoon.
    const hour = Number(at[1]);
    if (hour >= 1 && hour <= 12) return `${hour}:${at[2] ?? '00'} ${hour >= 7 && hour <= 11 ? 'AM' : 'PM'}`;
  }
  const part = /\b(morning|noon|afternoon|evening)\b/i.exec(text)?.[1];
  return part ? PARTS_OF_DAY[part.toLowerCase()] : undefined;
}

function nameIn(text: string): string | undefined {
  const m = /\b(?:[Mm]y name is|[Tt]his is|[Nn]ame'?s|I'?m|I am)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)/.exec(text);
  const name = m?.[1];
  if (!name || /^(Having|Calling|Looking|Not|Just|So|Very|Trying)\b/.test(name)) return undefined;
  return name;
}

function phoneIn(text: string): string | undefined {
  const m = /(\+?1[\s.-]?)?\(?(\d{3})\)?[\s.-]?(\d{3})[\s.-]?(\d{4})\b/.exec(text);
  return m ? `+1${m[2]}${m[3]}${m[4]}` : undefined;
}

function addressIn(text: string): string | undefined {
  return /\b\d{1,6}\s+(?:[A-Za-z0-9.'-]+\s+){0,4}(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|circle)\b\.?/i
    .exec(text)?.[0]
    ?.replace(/\.$/, '');
}

function firstSentence(text: string): string {
  return (text.split(/(?<=[.!?])\s/)[0] ?? text).trim();
}

/** Splits "Caller: …" / "Agent: …" lines out of a transcript pasted into one message. */
function transcriptLines(text: string): { caller: string[]; agent: string[] } | undefined {
  const caller: string[] = [];
  const agent: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(caller|customer|user|agent|assistant|receptionist)\s*:\s*(.+)$/i.exec(line);
    if (!m) continue;
    (/^(caller|customer|user)$/i.test(m[1]!) ? caller : agent).push(m[2]!.trim());
  }
  return caller.length + agent.length > 0 ? { caller, agent } : undefined;
}

function toolCallNames(messages: ChatMessage[]): string[] {
  return messages.flatMap((m) => (m.tool_calls ?? []).map((c) => c.function?.name ?? ''));
}

export function factsOf(messages: ChatMessage[]): Facts {
  const system = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => textOf(m.content));
  const callerTurns: string[] = [];
  const agentTurns: string[] = [];
  for (const m of messages) {
    const text = textOf(m.content).trim();
    if (!text) continue;
    if (m.role === 'user') {
      const pasted = transcriptLines(text);
      if (pasted) {
        callerTurns.push(...pasted.caller);
        agentTurns.push(...pasted.agent);
      } else {
        callerTurns.push(text);
      }
    } else if (m.role === 'assistant') {
      agentTurns.push(text);
    }
  }
  const last = [...messages].reverse().find((m) => m.role !== 'system' && m.role !== 'developer');
  const latest = last?.role === 'user' ? callerTurns[callerTurns.length - 1] : undefined;
  const lastOf = <T>(find: (t: string) => T | undefined) =>
    callerTurns.reduce<T | undefined>((found, turn) => find(turn) ?? found, undefined);
  const calls = toolCallNames(messages);
  const agentText = agentTurns.join('\n');
  const problemTurn = callerTurns.find((t) => PROBLEM.test(t) || EMERGENCY.test(t)) ?? callerTurns[0];
  return {
    company: companyName(system.join('\n')),
    callerTurns,
    agentTurns,
    latest,
    day: lastOf(dayIn),
    time: lastOf(timeIn),
    name: lastOf(nameIn),
    phone: lastOf(phoneIn) ?? phoneIn(system.join('\n')),
    address: lastOf(addressIn),
    issue: problemTurn ? firstSentence(problemTurn) : undefined,
    emergency: lastOf((t) => EMERGENCY.exec(t)?.[1]?.toLowerCase()),
    wantsVisit: callerTurns.some((t) => VISIT.test(t) || dayIn(t) !== undefined),
    booked: calls.some((n) => /book/i.test(n)) || /\b(you'?re (?:all set|booked)|i'?ve booked|booked you|is confirmed)\b/i.test(agentText),
    transferred: calls.some((n) => /transfer|human/i.test(n)) || /\b(connecting you|transferring you)\b/i.test(agentText),
  };
}

export function saysEmergency(text: string): string | undefined {
  return EMERGENCY.exec(text)?.[1]?.toLowerCase();
}

export function saysGoodbye(text: string): boolean {
  return GOODBYE.test(text);
}
