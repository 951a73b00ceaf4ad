import { markdownBlocks } from './markdown-blocks';

describe('the post-mortem Markdown as page blocks', () => {
  it('reads headings, paragraphs, lists with continued lines, and tables', () => {
    const blocks = markdownBlocks(['# Post-mortem: INC-0001 — Down', '', 'Some **bold** text', 'goes on.', '', '- **Root cause:** _to be written_', '- Multi:', '    line one', '    line two', '', '| When | What |', '|---|---|', '| 10:00 | a \\| b |'].join('\n'));
    expect(blocks).toEqual([
      { heading: true, level: 2, text: 'Post-mortem: INC-0001 — Down' },
      { paragraph: true, text: 'Some bold text\ngoes on.' },
      { list: true, items: ['Root cause: to be written', 'Multi:\nline one\nline two'] },
      { table: true, head: ['When', 'What'], rows: [['10:00', 'a | b']] },
    ]);
  });
});
