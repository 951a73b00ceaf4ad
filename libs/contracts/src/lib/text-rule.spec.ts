import { findTextProblem, textProblem } from './text-rule';

const single = { multiline: false };
const multi = { multiline: true };

describe('the shared text rule', () => {
  it('accepts ordinary text in any script, emoji included', () => {
    for (const text of ['Checkout API', 'Zoë Ødegård', 'מערכת תשלומים', '決済 API', 'deploy 🚀 done', 'a\u200db']) {
      expect(textProblem(text, single)).toBeNull();
    }
  });

  it('refuses NUL everywhere', () => {
    expect(textProblem('nul\u0000l@example.com', single)).toMatch(/NUL/);
    expect(textProblem('line\u0000', multi)).toMatch(/NUL/);
  });

  it('refuses unpaired surrogates, high or low, and keeps real pairs', () => {
    expect(textProblem('a\ud800@example.com', single)).toMatch(/unpaired surrogate/);
    expect(textProblem('a\udc00b', single)).toMatch(/unpaired surrogate/);
    expect(textProblem('\udc00\ud800', single)).toMatch(/unpaired surrogate/);
    expect(textProblem('\ud83d\ude80', single)).toBeNull();
  });

  it('refuses C0 and C1 controls and DEL, naming the code point', () => {
    expect(textProblem('bell\u0007', multi)).toBe('must not contain the control character U+0007');
    expect(textProblem('esc\u001b[31m', multi)).toMatch(/U\+001B/);
    expect(textProblem('del\u007f', single)).toMatch(/U\+007F/);
    expect(textProblem('csi\u009b', multi)).toMatch(/U\+009B/);
    expect(textProblem('nel\u0085', multi)).toMatch(/U\+0085/);
  });

  it('refuses bidi overrides and isolates', () => {
    for (const cp of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(textProblem(`invoice${String.fromCharCode(cp)}fdp.exe`, multi)).toMatch(/bidirectional/);
    }
  });

  it('lets multi-line text have LF, CRLF and tabs, but no lone CR', () => {
    expect(textProblem('first\nsecond\r\n\tindented', multi)).toBeNull();
    expect(textProblem('over\rwrite', multi)).toMatch(/carriage return/);
  });

  it('keeps single-line text on one line', () => {
    expect(textProblem('Alice\r\nATTENDEE:mailto:evil@example.com', single)).toBe('must be one line without control characters');
    expect(textProblem('a\tb', single)).toMatch(/one line/);
  });

  it('finds the first problem in a parsed input, with the path of its field', () => {
    const body = { title: 'ok', components: [{ id: 'x' }, { id: 'y\u202e' }] };
    expect(findTextProblem(body, () => true)).toEqual({ field: 'components.1.id', reason: expect.stringMatching(/U\+202E/) });
    expect(findTextProblem({ notes: 'a\nb', name: 'a\nb' }, (path) => path[0] === 'notes')).toEqual({ field: 'name', reason: expect.stringMatching(/one line/) });
    expect(findTextProblem('bad\u0000', () => false, 'id')).toEqual({ field: 'id', reason: expect.stringMatching(/NUL/) });
    expect(findTextProblem({ 'na\u0000me': 'x' }, () => false)).toEqual({ field: '(body)', reason: expect.stringMatching(/field names must not contain a NUL/) });
    expect(findTextProblem({ a: 1, b: true, c: null, d: [1.5] }, () => false)).toBeNull();
  });
});
