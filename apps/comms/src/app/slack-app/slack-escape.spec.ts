import { escapeSlack } from './slack-escape';

describe('escapeSlack', () => {
  it('keeps a mention and a disguised link as literal text', () => {
    expect(escapeSlack('T <!channel> <https://evil.example|click>')).toBe('T &lt;!channel&gt; &lt;https://evil.example|click&gt;');
  });

  it('escapes the ampersand first, so an escape written by a user is shown as written', () => {
    expect(escapeSlack('a &lt; b & c')).toBe('a &amp;lt; b &amp; c');
  });

  it('leaves mrkdwn and everything else alone', () => {
    expect(escapeSlack('*bold* _it_ :fire: "quoted" \'x\' @here')).toBe('*bold* _it_ :fire: "quoted" \'x\' @here');
  });
});
