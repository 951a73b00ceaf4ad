import { lineDiff } from './line-diff';

describe('section diffs', () => {
  it('shows kept, removed and added lines in order', () => {
    expect(lineDiff('a\nb\nc', 'a\nc\nd')).toEqual([
      { change: 'same', text: 'a' },
      { change: 'removed', text: 'b' },
      { change: 'same', text: 'c' },
      { change: 'added', text: 'd' },
    ]);
  });

  it('treats the first version as all added', () => {
    expect(lineDiff('', 'x')).toEqual([{ change: 'added', text: 'x' }]);
  });
});
