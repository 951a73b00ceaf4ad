import type { StreamPosition } from '@sitrep/messaging';
import type { StreamPositions } from './snapshot-store';

/**
 * A snapshot's position is worth resuming from only on the same stream (a recreated stream numbers its
 * messages from 1 again), and only if the stream has got that far; otherwise the stream is read whole.
 */
export function resumablePosition(saved: StreamPositions | null | undefined, stream: StreamPosition): StreamPositions | null {
  if (!saved || saved.streamId !== stream.streamId) return null;
  return Object.values(saved.sequences).every((sequence) => sequence <= stream.lastSequence) ? saved : null;
}
