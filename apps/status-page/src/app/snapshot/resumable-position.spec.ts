import { resumablePosition } from './resumable-position';

describe('resumablePosition: whether a snapshot may be followed by the tail of the stream', () => {
  const saved = { streamId: 'ACME_EVENTS@2026-01-01T00:00:00Z', sequences: { components: 40, communications: 50_000 } };

  it('resumes on the same stream when the stream has reached the saved sequences', () => {
    expect(resumablePosition(saved, { streamId: saved.streamId, lastSequence: 50_000 })).toBe(saved);
    expect(resumablePosition(saved, { streamId: saved.streamId, lastSequence: 50_123 })).toBe(saved);
  });

  it('reads the whole stream when the stream was recreated, is behind the snapshot, or there is no position', () => {
    expect(resumablePosition(saved, { streamId: 'ACME_EVENTS@2026-02-01T00:00:00Z', lastSequence: 60_000 })).toBeNull();
    expect(resumablePosition(saved, { streamId: saved.streamId, lastSequence: 49_999 })).toBeNull();
    expect(resumablePosition(null, { streamId: saved.streamId, lastSequence: 50_000 })).toBeNull();
  });
});
