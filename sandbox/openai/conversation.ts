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
  /** The visit's address as one line ("42 Elm Street, Cambridge, MA 02139"); set with `street`. */
  address?: string;
  street?: string;
  city?: string;
  /** A state as said: a two-letter code ("MA") or a name. */
  state?: string;
  postalCode?: string;
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

export function timeIn(said: string): string | undefined {
  // The number of a house is not an hour: "I'm at 12 Oak Street".
  const text = said.replace(STREET, ' ');
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

/** What a caller says of where the visit is; each part may come in a turn of its own. */
export interface Place {
  street?: string;
  city?: string;
  state?: string;
  postalCode?: string;
}

const STREET =
  /\b\d{1,6}\s+(?:(?!\d+\s)[A-Za-z0-9.'-]+\s+){0,4}(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|circle)\b\.?(?:,?\s*(?:apt|apartment|unit|suite|ste|#)\.?\s*[\w-]+)?/i;
/** Capitalised words, none of them an initialism: "Cambridge", "New York", "St. Paul", not "MA". */
const CITY = "[A-Z][a-z][\\w'.-]*(?:\\s+[A-Z][a-z][\\w'.-]*){0,2}";
/** Words after a street that are not a city: "42 Elm Street, Tuesday at 10". */
const NOT_A_CITY = /^(?:today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|afternoon|evening|please|thanks?|thank|and|but|can|could|would|my|it|is|at|on|the|this|that|yes|no|ok|okay|around|about)\b/i;
// A state is a two-letter code, or words that end the address (before the ZIP code or at the end of the sentence).
const STATE_AND_ZIP = new RegExp(
  `^(?:\\s*,?\\s*([A-Z]{2}|[A-Z]\\.[A-Z]\\.)(?![\\w])|\\s*,\\s*(${CITY})(?=\\s*,?\\s*\\d{5}|\\s*[.!?]?\\s*$))?(?:\\s*,?\\s*(\\d{5}(?:-\\d{4})?)\\b)?`,
);

/** The town, state and ZIP code at the start of `text`, as after a street or on their own. */
function townIn(text: string): Omit<Place, 'street'> | undefined {
  const town = new RegExp(`^(${CITY})`).exec(text);
  if (!town || NOT_A_CITY.test(town[1]!)) return undefined;
  const after = STATE_AND_ZIP.exec(text.slice(town[0].length));
  const state = after?.[1] ?? after?.[2];
  return {
    city: town[1]!.replace(/\.$/, ''),
    state: state && !NOT_A_CITY.test(state) ? state.replace(/\.$/, '') : undefined,
    postalCode: after?.[3],
  };
}

/** A street address and whatever follows it: "42 Elm Street, Cambridge, MA 02139", "12 Oak Rd in Newton". */
export function placeIn(text: string): Place | undefined {
  const street = STREET.exec(text);
  if (!street) return undefined;
  const rest = text.slice(street.index + street[0].length);
  const separator = /^(?:\s*,\s*|\s+in\s+|\s+)/.exec(rest);
  const town = separator ? townIn(rest.slice(separator[0].length)) : undefined;
  return { street: street[0].replace(/\.$/, '').replace(/\s+/g, ' '), ...town };
}

/** A town said on its own, answering "Which city or town is that in?": "Cambridge", "it's in Cambridge, MA". */
function townAnswer(text: string): Omit<Place, 'street'> | undefined {
  const bare = text.trim().replace(/^(?:it'?s\s+|it is\s+)?(?:in\s+)?/i, '');
  const town = townIn(bare);
  if (!town) return undefined;
  const said = [town.city, town.state, town.postalCode].filter(Boolean).join(' ');
  // Only the town: a longer answer is something else ("Cambridge is where my sister lives").
  return bare.replace(/[,.!?]/g, '').split(/\s+/).join(' ').length <= said.length + 1 ? town : undefined;
}

/** What the agent asks when it has a street but not its town. */
export const ASKS_TOWN = /which city or town/i;

/** "42 Elm Street, Cambridge, MA 02139" or "5 Pine Lane, Newton 02458": the place as one line, as a receptionist reads it back. */
export function placeLine(place: Place): string | undefined {
  if (!place.street) return undefined;
  const town = place.city ? `${place.city}${place.state ? `, ${place.state}` : ''}${place.postalCode ? ` ${place.postalCode}` : ''}` : undefined;
  return [place.street, town].filter(Boolean).join(', ');
}

function firstSentence(text: string): string {
  return (text.split(/(?<=[.!?])\s/)[0] ?? text).trim();
}

interface Line {
  speaker: 'caller' | 'agent';
  text: string;
}

/** Splits "Caller: …" / "Agent: …" lines out of a transcript pasted into one message. */
function transcriptLines(text: string): Line[] | undefined {
  const lines: Line[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(caller|customer|user|agent|assistant|receptionist)\s*:\s*(.+)$/i.exec(line);
    if (m) lines.push({ speaker: /^(caller|customer|user)$/i.test(m[1]!) ? 'caller' : 'agent', text: m[2]!.trim() });
  }
  return lines.length > 0 ? lines : undefined;
}

/** Where the visit is, part by part, the latest mention of each part winning; a town alone counts after the agent asked for it. */
function placeOf(lines: Line[]): Place {
  const place: Place = {};
  lines.forEach((line, i) => {
    if (line.speaker !== 'caller') return;
    const asked = lines[i - 1]?.speaker === 'agent' && ASKS_TOWN.test(lines[i - 1]!.text);
    const said = placeIn(line.text) ?? (asked ? townAnswer(line.text) : undefined);
    for (const [part, value] of Object.entries(said ?? {}) as Array<[keyof Place, string | undefined]>) {
      if (value) place[part] = value;
    }
  });
  return place;
}

function toolCallNames(messages: ChatMessage[]): string[] {
  return messages.flatMap((m) => (m.tool_calls ?? []).map((c) => c.function?.name ?? ''));
}

export function factsOf(messages: ChatMessage[]): Facts {
  const system = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => textOf(m.content));
  const lines: Line[] = [];
  for (const m of messages) {
    const text = textOf(m.content).trim();
    if (!text) continue;
    if (m.role === 'user') lines.push(...(transcriptLines(text) ?? [{ speaker: 'caller', text }]));
    else if (m.role === 'assistant') lines.push({ speaker: 'agent', text });
  }
  const callerTurns = lines.filter((l) => l.speaker === 'caller').map((l) => l.text);
  const agentTurns = lines.filter((l) => l.speaker === 'agent').map((l) => l.text);
  const place = placeOf(lines);
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
    address: placeLine(place),
    street: place.street,
    city: place.city,
    state: place.state,
    postalCode: place.postalCode,
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
