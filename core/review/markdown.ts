/**
 * Markdown escaping for text people typed (reject reasons, titles from
 * alarms, communication summaries). The review is read in Git hosting and
 * wikis that render Markdown and often inline HTML: an unescaped reason
 * could add a link, an image that calls home, or break a table. Everything
 * that came from outside goes through `inline` or `cell`.
 */

/**
 * The characters that open or close inline markup, links (with `[` and `]`
 * escaped, no `(...)` can become a link target) and table cells, and `>`.
 * Line-start markup (`#`, `-`, `1.`) cannot occur: newlines are flattened and
 * people's text never starts a line of the review.
 */
const SPECIAL = /[\\`*_{}[\]|~>]/g;

/** One line of text, safe anywhere inline: markup characters escaped, HTML neutralized, newlines flattened. */
export function inline(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(SPECIAL, (c) => `\\${c}`);
}

/** A table cell: like `inline`, and never empty (an empty cell reads as a missing column). */
export const cell = (text: string): string => (text.trim() === '' ? '-' : inline(text));

/** A Markdown table with a header row. */
export function mdTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
