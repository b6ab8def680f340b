import type { CallEndReason, CallInfo } from './frames';

/** `3:12`, `1:02:03`: how long a call lasted, as the messengers show it. */
export function callDuration(durationMs: number): string {
  const total = Number.isFinite(durationMs) && durationMs > 0 ? Math.round(durationMs / 1000) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * A call's message in words, the same in every client: "Video call, 3:12", "Missed voice call",
 * "Declined video call".
 */
export function callSummary(call: Pick<CallInfo, 'media' | 'outcome' | 'durationMs'>): string {
  const kind = call.media === 'video' ? 'video call' : 'voice call';
  switch (call.outcome) {
    case 'answered':
      return `${kind[0].toUpperCase()}${kind.slice(1)}, ${callDuration(call.durationMs)}`;
    case 'rejected':
      return `Declined ${kind}`;
    default:
      return `Missed ${kind}`;
  }
}

/** Why a ringing call stopped, in words for the one it rang for. */
export function ringEndedText(reason: CallEndReason, from: string, media: CallInfo['media']): string {
  const kind = media === 'video' ? 'video call' : 'voice call';
  switch (reason) {
    case 'answered-elsewhere':
      return `${from}'s ${kind} was answered on another device`;
    case 'rejected':
      return `${from}'s ${kind} was declined on another device`;
    case 'hangup':
    case 'missed':
      return `Missed ${kind} from ${from}`;
  }
}
