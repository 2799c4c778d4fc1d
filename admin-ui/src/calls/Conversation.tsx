import { Box, Stack, Typography } from '@mui/material';
import { keyframes } from '@mui/material/styles';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { formatClock } from '../format';

export interface ConversationLine {
  speaker: 'agent' | 'caller';
  text: string;
  /** When it was said, for a call log. */
  at?: string;
}

/** Something that happened on the line rather than something said: a transfer, a hang-up. */
export interface ConversationNotice {
  notice: string;
}

export type ConversationItem = ConversationLine | ConversationNotice;

function Notice({ text }: { text: string }) {
  return (
    <Typography variant="caption" color="text.secondary" sx={{ textAlign: 'center', py: 0.5 }} data-testid="conversation-notice">
      {text}
    </Typography>
  );
}


const blink = keyframes`
  0%, 80%, 100% { opacity: 0.25; }
  40% { opacity: 1; }
`;

function Bubble({ speaker, label, children, testId }: { speaker: ConversationLine['speaker']; label: string; children: ReactNode; testId: string }) {
  const caller = speaker === 'caller';
  return (
    <Stack sx={{ alignItems: caller ? 'flex-end' : 'flex-start' }} data-testid={testId}>
      <Typography variant="caption" color="text.secondary" sx={{ px: 1 }}>
        {label}
      </Typography>
      <Box
        sx={{
          maxWidth: { xs: '88%', sm: '75%' },
          px: 1.75,
          py: 1,
          borderRadius: 2.5,
          borderTopLeftRadius: caller ? undefined : 4,
          borderTopRightRadius: caller ? 4 : undefined,
          bgcolor: caller ? 'primary.main' : (theme) => theme.palette.grey[theme.palette.mode === 'dark' ? 800 : 200],
          color: caller ? 'primary.contrastText' : 'text.primary',
          whiteSpace: 'pre-wrap',
          overflowWrap: 'anywhere',
        }}
      >
        {children}
      </Box>
    </Stack>
  );
}

/**
 * A phone call read as a chat: the agent on the left, the caller on the right, in the
 * order they spoke, each line at its time of day in `timeZone` (the company's, for a call
 * log). `waiting` adds the agent's "typing" bubble while its answer is on the way.
 */
export function Conversation({ lines, waiting = false, footer, timeZone }: { lines: ConversationItem[]; waiting?: boolean; footer?: ReactNode; timeZone?: string }) {
  const translate = useTranslate();
  const speakerLabel = (line: ConversationLine) => {
    const who = translate(`kestrel.conversation.${line.speaker}`);
    return line.at ? `${who} · ${formatClock(line.at, timeZone)}` : who;
  };
  return (
    <Stack spacing={1.25} data-testid="conversation" aria-live="polite">
      {lines.length === 0 && !waiting && (
        <Typography color="text.secondary" data-testid="conversation-empty">
          {translate('kestrel.conversation.empty')}
        </Typography>
      )}
      {lines.map((line, i) =>
        'notice' in line ? (
          <Notice key={i} text={line.notice} />
        ) : (
          <Bubble key={i} speaker={line.speaker} label={speakerLabel(line)} testId={`bubble-${line.speaker}`}>
            {line.text}
          </Bubble>
        ),
      )}
      {waiting && (
        <Bubble speaker="agent" label={translate('kestrel.conversation.agent')} testId="agent-waiting">
          <Box component="span" role="status" aria-label={translate('kestrel.conversation.waiting')} sx={{ display: 'inline-flex', gap: 0.5, py: 0.5 }}>
            {[0, 1, 2].map((dot) => (
              <Box
                key={dot}
                component="span"
                sx={{ width: 7, height: 7, borderRadius: '50%', bgcolor: 'text.secondary', animation: `${blink} 1.2s ${dot * 0.2}s infinite ease-in-out` }}
              />
            ))}
          </Box>
        </Bubble>
      )}
      {footer}
    </Stack>
  );
}
