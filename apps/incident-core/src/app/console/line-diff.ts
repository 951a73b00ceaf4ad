/** One line of a diff between two versions of a section. */
export interface DiffLine {
  change: 'same' | 'added' | 'removed';
  text: string;
}

/** A line diff (longest common subsequence) between two versions of a section's text. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before === '' ? [] : before.split(/\r?\n/);
  const b = after === '' ? [] : after.split(/\r?\n/);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ change: 'same', text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ change: 'removed', text: a[i++] });
    else out.push({ change: 'added', text: b[j++] });
  }
  while (i < a.length) out.push({ change: 'removed', text: a[i++] });
  while (j < b.length) out.push({ change: 'added', text: b[j++] });
  return out;
}
