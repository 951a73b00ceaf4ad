/**
 * The post-mortem's Markdown (the same text the PDF is drawn from) as blocks a template can render with
 * escaping: headings, paragraphs, bullet lists and tables. Only what renderMarkdown writes is understood;
 * emphasis markers are dropped rather than turned into markup.
 */
export type Block =
  | { heading: true; level: number; text: string }
  | { paragraph: true; text: string }
  | { list: true; items: string[] }
  | { table: true; head: string[]; rows: string[][] };

const plain = (text: string) => text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/(^|\W)_(.+?)_(?=\W|$)/g, '$1$2').replace(/\\\|/g, '|').trim();
const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map(plain);

export function markdownBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push({ heading: true, level: Math.min(heading[1].length + 1, 6), text: plain(heading[2]) });
      continue;
    }
    if (line.trim().startsWith('|')) {
      const head = cells(line);
      const rows: string[][] = [];
      while (i + 1 < lines.length && lines[i + 1].trim().startsWith('|')) {
        i++;
        if (/^\|?\s*:?-{2,}/.test(lines[i].trim().replace(/^\|/, ''))) continue;
        rows.push(cells(lines[i]));
      }
      blocks.push({ table: true, head, rows });
      continue;
    }
    if (/^\s*[-*]\s+/.test(line)) {
      const items: string[] = [];
      i--;
      while (i + 1 < lines.length && (/^\s*[-*]\s+/.test(lines[i + 1]) || (/^\s{2,}\S/.test(lines[i + 1]) && items.length > 0))) {
        i++;
        const item = /^\s*[-*]\s+(.*)$/.exec(lines[i]);
        if (item) items.push(plain(item[1]));
        else items[items.length - 1] = `${items[items.length - 1]}\n${plain(lines[i])}`.trim();
      }
      blocks.push({ list: true, items });
      continue;
    }
    const paragraph = [line];
    while (i + 1 < lines.length && lines[i + 1].trim() && !/^(#|\||\s*[-*]\s)/.test(lines[i + 1])) paragraph.push(lines[++i]);
    blocks.push({ paragraph: true, text: plain(paragraph.join('\n')) });
  }
  return blocks;
}
