import { ApplicationFailure, CancellationScope, proxyActivities } from '@temporalio/workflow';
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

export interface ProvisionInput {
  tenantId: string;
  areaCode: string;
}

export interface ProvisionResult extends PurchasedNumber {
  /** True when the area code had no numbers and one from elsewhere in the country was taken. */
  widened: boolean;
}

/**
 * The provisioning saga: search, buy (with Kestrel's webhooks), read back to verify.
 * Each step that succeeded registers how to undo it; if a later step fails, the undo
 * steps run, even if this workflow is being cancelled, and the failure is re-raised.
 */
export async function provisionNumberWorkflow(input: ProvisionInput): Promise<ProvisionResult> {
  const { numbers, widened } = await twilio.searchNumbers({ areaCode: input.areaCode });
  if (numbers.length === 0) throw ApplicationFailure.nonRetryable('no phone numbers are available', 'NoNumbersAvailable');

  const compensations: Array<() => Promise<void>> = [];
  try {
    const bought = await twilio.buyNumber({ tenantId: input.tenantId, candidates: numbers });
    compensations.unshift(() => twilio.releaseNumber({ sid: bought.sid }));
    await verifyNumber({ sid: bought.sid });
    return { ...bought, widened };
  } catch (error) {
    await CancellationScope.nonCancellable(async () => {
      for (const undo of compensations) await undo();
    });
    throw error;
  }
}
