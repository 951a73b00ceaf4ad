import type { InboxItem } from '@sitrep/vendor-fakes';
import { keptItems } from './kept-inbox';

const item = (n: number): InboxItem => ({ channel: 'sms', provider: 'twilio', at: `2026-01-01T00:00:0${n}Z`, from: 'Sitrep', to: '+14155550100', text: `message ${n}` });

describe('keptItems', () => {
  it('keeps what earlier runs received before what this run received', () => {
    expect(keptItems([item(1)], [item(2), item(3)]).map((i) => i.text)).toEqual(['message 1', 'message 2', 'message 3']);
  });

  it('drops the oldest past the limit', () => {
    expect(keptItems([item(1), item(2)], [item(3)], 2).map((i) => i.text)).toEqual(['message 2', 'message 3']);
  });
});
