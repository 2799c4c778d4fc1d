import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';

/** How the owner came back from Stripe's hosted card page: `?card=saved` or `?card=cancelled`. */
export type CardReturn = 'saved' | 'cancelled' | null;

const read = (value: string | null): CardReturn => (value === 'saved' || value === 'cancelled' ? value : null);

/**
 * The card page's answer, read once from the Billing page's address and then taken out of
 * it, so that a reload or a bookmark does not say it again; `dismiss` puts the notice away.
 */
export function useCardReturn(): { cardReturn: CardReturn; dismiss: () => void } {
  const [params, setParams] = useSearchParams();
  const [cardReturn, setCardReturn] = useState<CardReturn>(() => read(params.get('card')));
  const inAddress = params.has('card');
  useEffect(() => {
    if (!inAddress) return;
    setCardReturn(read(params.get('card')));
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('card');
        return next;
      },
      { replace: true },
    );
  }, [inAddress, params, setParams]);
  const dismiss = useCallback(() => setCardReturn(null), []);
  return { cardReturn, dismiss };
}
