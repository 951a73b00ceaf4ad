/**
 * The one rule every text field obeys, wherever it comes from (JSON, a form, a query string, a route
 * parameter): no NUL, no unpaired surrogate, no C0/C1 control character except newline and tab in
 * multi-line text (a CR only as part of CRLF, which browsers send from a textarea), and no bidi
 * override or isolate, which make a line read differently from what it says.
 */

export interface TextRuleOptions {
  /** Multi-line text may hold newlines (LF or CRLF) and tabs; single-line text may not. */
  multiline: boolean;
}

/** Free text of at least this many characters (notes, summaries, messages) may span lines; shorter fields are single-line. */
export const MULTILINE_MIN_LENGTH = 1000;

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
// C0 (except tab, LF and CR, judged separately), DEL and C1.
const CONTROLS = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAKS_OR_TAB = /[\t\n\r]/;
const LONE_CR = /\r(?!\n)/;
// Matched on UTF-16 code units (no "u" flag): a high surrogate not followed by a low one, or a low one not preceded by a high one.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `value` breaks the rule, in words an API client can act on; null when it does not. */
export function textProblem(value: string, options: TextRuleOptions): string | null {
  if (value.includes('\u0000')) return 'must not contain a NUL character (U+0000)';
  if (UNPAIRED_SURROGATE.test(value)) return 'must be valid Unicode: it contains an unpaired surrogate';
  const control = CONTROLS.exec(value);
  if (control) return `must not contain the control character ${codePoint(control[0])}`;
  const bidi = BIDI_CONTROLS.exec(value);
  if (bidi) return `must not contain the bidirectional control character ${codePoint(bidi[0])}`;
  if (options.multiline) {
    if (LONE_CR.test(value)) return 'must not contain a carriage return (U+000D) outside a CRLF line break';
  } else if (LINE_BREAKS_OR_TAB.test(value)) {
    return 'must be one line without control characters';
  }
  return null;
}

export interface TextFieldProblem {
  field: string;
  reason: string;
}

/**
 * Checks every string in a parsed input (and every key, since keys become field names and column
 * values too), depth-first, and returns the first problem with the dotted path of its field.
 * `multilineAt` says which paths hold multi-line text.
 */
export function findTextProblem(value: unknown, multilineAt: (path: (string | number)[]) => boolean, root = '(body)', path: (string | number)[] = []): TextFieldProblem | null {
  const name = () => (path.length ? path.join('.') : root);
  if (typeof value === 'string') {
    const reason = textProblem(value, { multiline: multilineAt(path) });
    return reason ? { field: name(), reason } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findTextProblem(value[i], multilineAt, root, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const keyReason = textProblem(key, { multiline: false });
      if (keyReason) return { field: name(), reason: `field names ${keyReason}` };
      const found = findTextProblem(inner, multilineAt, root, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
