import type { Request, Response } from 'express';
import twilio from 'twilio';
import { messageStatusCallback } from '../../activities/messaging/send';
import { requireTwilioSignature } from '../../api/webhooks/twilio-signature';
import { planImport } from '../../domain/contact-import';
import { messageErrorMeaning, MESSAGE_ERRORS } from '../../domain/message-errors';
import {
  DEFAULT_TEMPLATES,
  MESSAGE_KINDS,
  TEMPLATE_VARIABLES,
  fromChannelAddress,
  isResponse,
  renderTemplate,
  sendableAt,
  smsSegments,
  statusFromTwilio,
  statusMovesForward,
  textRefusal,
  unknownVariables,
} from '../../domain/messaging';
import { parseConfig } from '../../lib/config';
import { SANDBOX_AUTH_TOKEN } from '../../sandbox/twilio/account';

const NEW_YORK = 'America/New_York';

describe('quiet hours (sendableAt)', () => {
  it('lets a message go at once outside quiet hours', () => {
    const noon = new Date('2025-06-10T16:00:00Z'); // 12:00 in New York
    expect(sendableAt(noon, NEW_YORK)).toEqual(noon);
    const justBefore = new Date('2025-06-11T00:59:00Z'); // 20:59
    expect(sendableAt(justBefore, NEW_YORK)).toEqual(justBefore);
  });

  it('holds a message due in the evening until 08:00 the next morning, one due before dawn until 08:00 that day', () => {
    expect(sendableAt(new Date('2025-06-11T01:00:00Z'), NEW_YORK)).toEqual(new Date('2025-06-11T12:00:00Z')); // 21:00 → 08:00 EDT
    expect(sendableAt(new Date('2025-06-11T09:30:00Z'), NEW_YORK)).toEqual(new Date('2025-06-11T12:00:00Z')); // 05:30 → 08:00
    expect(sendableAt(new Date('2025-06-11T11:59:00Z'), NEW_YORK)).toEqual(new Date('2025-06-11T12:00:00Z')); // 07:59
    expect(sendableAt(new Date('2025-06-11T12:00:00Z'), NEW_YORK)).toEqual(new Date('2025-06-11T12:00:00Z')); // 08:00 itself
  });

  it('keeps 08:00 local across the change of the clocks', () => {
    // Spring forward (9 March 2025, 02:00 → 03:00): 22:00 EST on the 8th waits until 08:00 EDT on the 9th.
    expect(sendableAt(new Date('2025-03-09T03:00:00Z'), NEW_YORK)).toEqual(new Date('2025-03-09T12:00:00Z'));
    // 01:30 EST on the night of the change, too.
    expect(sendableAt(new Date('2025-03-09T06:30:00Z'), NEW_YORK)).toEqual(new Date('2025-03-09T12:00:00Z'));
    // Fall back (2 November 2025): 23:00 EDT on the 1st waits until 08:00 EST on the 2nd.
    expect(sendableAt(new Date('2025-11-02T03:00:00Z'), NEW_YORK)).toEqual(new Date('2025-11-02T13:00:00Z'));
    // The repeated hour (01:30 happens twice): still 08:00 EST.
    expect(sendableAt(new Date('2025-11-02T06:30:00Z'), NEW_YORK)).toEqual(new Date('2025-11-02T13:00:00Z'));
  });

  it("follows the company's own hours and zone, within a day or over midnight", () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(sendableAt(new Date('2025-06-10T12:15:00Z'), 'Europe/London', lunch)).toEqual(new Date('2025-06-10T12:30:00Z')); // 13:15 BST → 13:30
    expect(sendableAt(new Date('2025-06-10T13:00:00Z'), 'Europe/London', lunch)).toEqual(new Date('2025-06-10T13:00:00Z')); // 14:00, after
    expect(sendableAt(new Date('2025-06-11T05:00:00Z'), 'America/Los_Angeles', { start: '20:00', end: '09:00' })).toEqual(new Date('2025-06-11T16:00:00Z'));
    const none = new Date('2025-06-11T05:00:00Z');
    expect(sendableAt(none, NEW_YORK, { start: '00:00', end: '00:00' })).toEqual(none);
  });
});

describe('message kinds', () => {
  it('sends answers to what the contact just did at once; what Kestrel starts waits for quiet hours', () => {
    expect(MESSAGE_KINDS.filter(isResponse)).toEqual(['appointment_confirmation', 'missed_call', 'reply']);
  });

  it("has a default template for every kind, using only that kind's variables", () => {
    for (const kind of MESSAGE_KINDS) {
      expect(DEFAULT_TEMPLATES[kind].length).toBeGreaterThan(0);
      expect(unknownVariables(DEFAULT_TEMPLATES[kind], kind)).toEqual([]);
      expect(TEMPLATE_VARIABLES[kind]).toEqual(expect.arrayContaining(['company_name', 'company_phone', 'contact_name']));
    }
  });
});

describe('templates', () => {
  it('fills in each variable, leaves other braces as text, and drops a variable without a value', () => {
    expect(renderTemplate('Hi {contact_name}, {company_name} here {:)} {eta}', { contact_name: 'Jane', company_name: 'Acme' })).toBe('Hi Jane, Acme here {:)}');
  });

  it('names each variable a kind does not fill, once', () => {
    expect(unknownVariables('{company_name}: {job_status} {technician} {technician} {eta}', 'job_update')).toEqual(['technician']);
    expect(unknownVariables('Visit at {appointment_time}, pay {pay_link}', 'appointment_reminder')).toEqual(['pay_link']);
    expect(unknownVariables('No variables at all', 'missed_call')).toEqual([]);
  });
});

describe('SMS segments', () => {
  it('counts GSM-7 in septets: 160 in one, 153 per part', () => {
    expect(smsSegments('')).toEqual({ encoding: 'GSM-7', segments: 0 });
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2 });
    expect(smsSegments('a'.repeat(306))).toEqual({ encoding: 'GSM-7', segments: 2 });
    expect(smsSegments('a'.repeat(307))).toEqual({ encoding: 'GSM-7', segments: 3 });
    // The extension table's characters take two septets.
    expect(smsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1 });
    expect(smsSegments('€'.repeat(81))).toEqual({ encoding: 'GSM-7', segments: 2 });
  });

  it('switches to UCS-2 for any other character: 70 in one, 67 per part', () => {
    expect(smsSegments(`${'a'.repeat(69)}✓`)).toEqual({ encoding: 'UCS-2', segments: 1 });
    expect(smsSegments(`${'a'.repeat(70)}✓`)).toEqual({ encoding: 'UCS-2', segments: 2 });
    // An emoji is two UTF-16 units.
    expect(smsSegments('🙂'.repeat(35))).toEqual({ encoding: 'UCS-2', segments: 1 });
    expect(smsSegments('🙂'.repeat(36))).toEqual({ encoding: 'UCS-2', segments: 2 });
  });
});

describe('numbers that can take a text', () => {
  it('takes mobile numbers, and North American numbers (which may be mobile)', () => {
    expect(textRefusal('+16175550123')).toBeUndefined();
    expect(textRefusal('+447911123456')).toBeUndefined();
  });

  it('refuses what is not a number in E.164, and landlines, toll-free and premium-rate numbers, saying why', () => {
    expect(textRefusal('617-555-0123')).toMatch(/E\.164/);
    expect(textRefusal('+1555')).toMatch(/valid phone number/);
    expect(textRefusal('+442071234567')).toMatch(/landline/);
    expect(textRefusal('+18005551234')).toMatch(/toll-free/);
    expect(textRefusal('+19005551234')).toMatch(/premium-rate/);
  });

  it('reads WhatsApp addresses', () => {
    expect(fromChannelAddress('whatsapp:+16175550123')).toEqual({ number: '+16175550123', channel: 'whatsapp' });
    expect(fromChannelAddress('+16175550123')).toEqual({ number: '+16175550123', channel: 'sms' });
  });
});

describe('message statuses', () => {
  it("takes Twilio's statuses, and never moves a message back", () => {
    expect(['accepted', 'queued', 'sending', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'canceled'].map(statusFromTwilio)).toEqual([
      'queued',
      'queued',
      'sent',
      'sent',
      'delivered',
      'delivered',
      'undelivered',
      'failed',
      'failed',
    ]);
    expect(statusFromTwilio('receiving')).toBeUndefined();
    expect(statusMovesForward('held', 'queued')).toBe(true);
    expect(statusMovesForward('queued', 'sent')).toBe(true);
    expect(statusMovesForward('sent', 'delivered')).toBe(true);
    expect(statusMovesForward('delivered', 'sent')).toBe(false);
    expect(statusMovesForward('undelivered', 'delivered')).toBe(false);
    expect(statusMovesForward('sent', 'sent')).toBe(false);
  });

  it('names the message in its status callback URL, which the signature check reads whole', () => {
    const config = parseConfig({ PUBLIC_BASE_URL: 'https://kestrel.example/' });
    const id = '3f1c2a9e-5b7d-4e8f-9a60-1d2b3c4d5e6f';
    const url = messageStatusCallback(config, id);
    expect(url).toBe(`https://kestrel.example/webhooks/twilio/message-status?message=${id}`);

    const params = { MessageSid: `SM${'0'.repeat(32)}`, MessageStatus: 'delivered' };
    const signature = twilio.getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, url, params);
    const check = requireTwilioSignature(config);
    /** What the check makes of the signed callback arriving at `path`: passed on, or the problem it throws. */
    const arriving = (path: string): unknown => {
      const req = { method: 'POST', body: params, originalUrl: path, header: (name: string) => (name === 'x-twilio-signature' ? signature : undefined) };
      try {
        let outcome: unknown;
        check(req as unknown as Request, {} as Response, () => (outcome = 'passed'));
        return outcome;
      } catch (error) {
        return error;
      }
    };
    expect(arriving(`/webhooks/twilio/message-status?message=${id}`)).toBe('passed');
    // The same signature on a URL naming another message, or none: refused.
    expect(arriving(`/webhooks/twilio/message-status?message=${id.replace('3f1c', '4a2d')}`)).toMatchObject({ status: 403 });
    expect(arriving('/webhooks/twilio/message-status')).toMatchObject({ status: 403 });
  });

  it("says what Twilio's error codes mean, and which ones will not pass later", () => {
    expect(MESSAGE_ERRORS[21610]).toMatchObject({ permanent: true, optedOut: true });
    expect(MESSAGE_ERRORS[30007]?.permanent).toBe(true);
    expect(MESSAGE_ERRORS[20429]?.permanent).toBe(false);
    expect(messageErrorMeaning(21408)).toMatch(/region/);
    expect(messageErrorMeaning(39999, 'Something odd')).toBe('Something odd (Twilio error 39999)');
  });
});

describe('contact import', () => {
  it('imports good rows whole and refuses bad ones with the reason of each field, by line', () => {
    const csv = [
      'Name,Phone,Email,Preferred Channel,SMS consent,Time zone',
      'Jane Smith,(617) 555-0123,jane@example.com,sms,yes,America/New_York',
      '"Smith, Bob",+1 617 555 0124,,whatsapp,no,',
      'No Number,,nobody@example.com,,,',
      'Bad Everything,12,not-an-email,pigeon,maybe,Mars/Olympus',
      'Jane Again,617.555.0123,,,,',
      '"Multi',
      'line",+16175550125,,,,',
    ].join('\r\n');
    const plan = planImport(csv);
    expect(plan.fileError).toBeUndefined();
    expect(plan.rows).toEqual([
      { line: 2, contact: { phone: '+16175550123', name: 'Jane Smith', email: 'jane@example.com', preferred_channel: 'sms', sms_consent: true, time_zone: 'America/New_York' } },
      { line: 3, contact: { phone: '+16175550124', name: 'Smith, Bob', preferred_channel: 'whatsapp', sms_consent: false } },
      { line: 7, contact: { phone: '+16175550125', name: 'Multi\nline' } },
    ]);
    expect(plan.refused).toEqual([
      { line: 4, errors: { phone: 'expected a phone number' } },
      {
        line: 5,
        errors: {
          phone: '"12" is not a valid phone number',
          email: '"not-an-email" is not an e-mail address',
          preferred_channel: 'expected sms or whatsapp',
          sms_consent: 'expected yes or no',
          time_zone: '"Mars/Olympus" is not an IANA time zone such as America/New_York',
        },
      },
      { line: 6, errors: { phone: '+16175550123 is on line 2 already' } },
    ]);
  });

  it('refuses a file it cannot read as a whole', () => {
    expect(planImport('').fileError).toMatch(/empty/);
    expect(planImport('name,email\nJane,jane@example.com').fileError).toMatch(/no phone column/);
    expect(planImport('phone,name\n+16175550123,"Jane').fileError).toMatch(/never closed/);
  });
});
