import { ApplicationFailure } from '@temporalio/activity';
import type { Config } from '../lib/config';
import { publicBaseUrl } from '../lib/config';
import type { TwilioClient } from '../providers/twilio';

/** The webhooks a Kestrel number sends its calls and messages to. */
export function webhookUrls(config: Config) {
  const base = publicBaseUrl(config);
  return {
    voiceUrl: `${base}/webhooks/twilio/voice`,
    statusCallback: `${base}/webhooks/twilio/status`,
    smsUrl: `${base}/webhooks/twilio/sms`,
  };
}

/** Numbers are tagged with their tenant, so a retried purchase finds the one it bought. */
export const numberTag = (tenantId: string) => `kestrel-tenant-${tenantId}`;

const NOT_FOUND = 20404;
/** Candidates a search returns; the purchase tries them in turn. */
const SEARCH_RESULTS = 5;
const NUMBER_UNAVAILABLE = 21422;

export interface PurchasedNumber {
  phoneNumber: string;
  sid: string;
}

export function telephonyActivities(config: Config, twilio: TwilioClient) {
  return {
    /**
     * Local US numbers in the area code; the whole country when the area code has none.
     * `exclude`: numbers the provider offers but Kestrel knows to be held by other tenants.
     */
    async searchNumbers(p: { areaCode: string; exclude?: string[] }): Promise<{ numbers: string[]; widened: boolean }> {
      const exclude = new Set(p.exclude ?? []);
      const limit = SEARCH_RESULTS + exclude.size;
      const usable = (found: Array<{ phoneNumber: string }>) =>
        found.map((n) => n.phoneNumber).filter((n) => !exclude.has(n)).slice(0, SEARCH_RESULTS);
      const local = twilio.availablePhoneNumbers('US').local;
      const inArea = usable(await local.list({ areaCode: Number(p.areaCode), voiceEnabled: true, smsEnabled: true, limit }));
      if (inArea.length > 0) return { numbers: inArea, widened: false };
      const anywhere = usable(await local.list({ voiceEnabled: true, smsEnabled: true, limit }));
      return { numbers: anywhere, widened: true };
    },

    /**
     * Buys the first candidate still available, with Kestrel's webhooks. If this tenant
     * already owns a tagged number (an earlier attempt bought it and then failed to
     * report back), that one is returned: a retry never buys a second number.
     */
    async buyNumber(p: { tenantId: string; candidates: string[] }): Promise<PurchasedNumber> {
      const tag = numberTag(p.tenantId);
      const [owned] = await twilio.incomingPhoneNumbers.list({ friendlyName: tag, limit: 1 });
      if (owned) return { phoneNumber: owned.phoneNumber, sid: owned.sid };
      for (const phoneNumber of p.candidates) {
        try {
          const bought = await twilio.incomingPhoneNumbers.create({
            phoneNumber,
            friendlyName: tag,
            ...webhookUrls(config),
            voiceMethod: 'POST',
            statusCallbackMethod: 'POST',
            smsMethod: 'POST',
          });
          return { phoneNumber: bought.phoneNumber, sid: bought.sid };
        } catch (error) {
          if ((error as { code?: number }).code === NUMBER_UNAVAILABLE) continue; // taken since the search
          throw error;
        }
      }
      throw ApplicationFailure.nonRetryable('none of the numbers found is still available', 'NumberUnavailable');
    },

    /** Reads the number back: it must carry Kestrel's webhooks. */
    async verifyNumber(p: { sid: string }): Promise<void> {
      const number = await twilio.incomingPhoneNumbers(p.sid).fetch();
      const expected = webhookUrls(config);
      const wrong = (Object.keys(expected) as Array<keyof typeof expected>).filter((k) => number[k] !== expected[k]);
      if (wrong.length > 0) {
        throw ApplicationFailure.nonRetryable(`the number's ${wrong.join(', ')} do not point at Kestrel`, 'NumberMisconfigured');
      }
    },

    /** Releases a number; one already released counts as released. */
    async releaseNumber(p: { sid: string }): Promise<void> {
      try {
        await twilio.incomingPhoneNumbers(p.sid).remove();
      } catch (error) {
        if ((error as { code?: number; status?: number }).code === NOT_FOUND || (error as { status?: number }).status === 404) return;
        throw error;
      }
    },
  };
}
