import ReplayIcon from '@mui/icons-material/Replay';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Confirm, HttpError, useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { KestrelDataProvider } from '../dataProvider';
import type { DeadLetterRecord } from './deadLetterRecord';

export type ReplayResult = { kind: 'started'; workflowId: string } | { kind: 'refused' | 'failed'; reason: string };

/**
 * Runs the letter's step again, after a confirmation. The API lets one replay happen at a
 * time and none once the step succeeded, answering 409 with the reason otherwise (another
 * operator may have been quicker than this page).
 */
export function ReplayButton({ onResult }: { onResult: (result: ReplayResult) => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const letter = useRecordContext<DeadLetterRecord>();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const [confirming, setConfirming] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: (id: string) => dataProvider.replayDeadLetter(id),
    onSuccess: ({ replay_workflow_id }) => {
      notify('kestrel.dead_letters.replay_started', { type: 'success' });
      onResult({ kind: 'started', workflowId: replay_workflow_id });
    },
    onError: (error: Error) => {
      const refused = error instanceof HttpError && error.status === 409;
      notify(refused ? 'kestrel.dead_letters.replay_refused' : 'kestrel.dead_letters.replay_failed', { type: 'error', messageArgs: { reason: error.message } });
      onResult({ kind: refused ? 'refused' : 'failed', reason: error.message });
    },
    onSettled: () => refresh(),
  });
  if (!letter) return null;
  return (
    <>
      <Button
        label="kestrel.dead_letters.replay"
        onClick={() => setConfirming(true)}
        disabled={isPending || Boolean(letter.replayed_at || letter.resolved_at)}
        variant="contained"
        data-testid="replay-button"
      >
        <ReplayIcon />
      </Button>
      <Confirm
        isOpen={confirming}
        loading={isPending}
        title="kestrel.dead_letters.replay_title"
        content={translate('kestrel.dead_letters.replay_confirm', { step: letter.step, workflow: letter.workflow_id })}
        confirm="kestrel.dead_letters.replay"
        onConfirm={() => {
          setConfirming(false);
          mutate(letter.id);
        }}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}
