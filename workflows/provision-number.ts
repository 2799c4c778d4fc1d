import { ActivityFailure, ApplicationFailure, CancellationScope, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { PurchasedNumber } from '../activities/telephony';

const twilio = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
});
// A number that cannot be read back after a few tries is released rather than kept unverified.
const { verifyNumber } = proxyActivities<Activities>({
  startToCloseTimeout: '15s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumAttempts: 3 },
});
// Recording the number on its tenant: a database that is down for longer fails the saga, which releases the number.
const db = proxyActivities<Activities>({
  startToCloseTimeout: '15s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 8 },
});

/** Numbers bought and found held by another tenant before the saga gives up. */
const MAX_TAKEN_NUMBERS = 10;

export interface ProvisionInput {
  tenantId: string;
  areaCode: string;
}

export interface ProvisionResult extends PurchasedNumber {
  /** True when the area code had no numbers and one from elsewhere in the country was taken. */
  widened: boolean;
}

/**
 * The provisioning saga: search, buy (with Kestrel's webhooks), record the number on its
 * tenant, read it back to verify. Each step that succeeded registers how to undo it; if a
 * later step fails, the undo steps run, even if this workflow is being cancelled. A number
 * that Kestrel's records show another tenant holding (the provider sold it again: a
 * sandbox that lost its state, a number released and resold) is released, and the next
 * candidate is tried; any other failure ends the saga with its reason.
 */
export async function provisionNumberWorkflow(input: ProvisionInput): Promise<ProvisionResult> {
  let { numbers, widened } = await twilio.searchNumbers({ areaCode: input.areaCode });
  if (numbers.length === 0) throw ApplicationFailure.nonRetryable('no phone numbers are available', 'NoNumbersAvailable');
  // Histories recorded before the number was recorded in the saga replay without that step.
  const recordsNumber = patched('provision-records-number');
  const taken: string[] = [];

  for (;;) {
    const compensations: Array<() => Promise<void>> = [];
    let bought: PurchasedNumber | undefined;
    try {
      bought = await twilio.buyNumber({ tenantId: input.tenantId, candidates: numbers });
      const { sid, phoneNumber } = bought;
      compensations.unshift(() => twilio.releaseNumber({ sid }));
      if (recordsNumber) {
        await db.claimNumber({ tenantId: input.tenantId, phoneNumber, sid });
        compensations.unshift(() => db.unclaimNumber({ tenantId: input.tenantId, phoneNumber }));
      }
      await verifyNumber({ sid });
      return { ...bought, widened };
    } catch (error) {
      await CancellationScope.nonCancellable(async () => {
        for (const undo of compensations) await undo();
      });
      if (!bought || failureType(error) !== 'NumberTaken') throw error;
      taken.push(bought.phoneNumber);
      if (taken.length >= MAX_TAKEN_NUMBERS) {
        throw ApplicationFailure.nonRetryable(`the provider offered ${taken.length} numbers that other tenants already hold`, 'NoNumbersAvailable');
      }
    }
    numbers = numbers.filter((n) => !taken.includes(n));
    if (numbers.length === 0) {
      ({ numbers, widened } = await twilio.searchNumbers({ areaCode: input.areaCode, exclude: taken }));
      if (numbers.length === 0) throw ApplicationFailure.nonRetryable('no phone numbers are available that no other tenant holds', 'NoNumbersAvailable');
    }
  }
}

function failureType(error: unknown): string | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure ? cause.type ?? undefined : undefined;
}
