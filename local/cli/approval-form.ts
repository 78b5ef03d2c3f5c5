/** One HTML form of an approval page, as a browser would submit it. */
export interface PageForm {
  readonly action: string | null;
  readonly fields: Readonly<Record<string, string>>;
}

const decode = (text: string): string =>
  text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * The forms of a server-rendered approval page and their hidden fields. The
 * pages are ours and simple (no script), so reading them like this is what a
 * text browser would do; it is not a general HTML parser.
 */
export function pageForms(html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attributes = match[1] ?? '';
    const body = match[2] ?? '';
    const fields: Record<string, string> = {};
    for (const input of body.matchAll(/<input\b([^>]*)>/gi)) {
      const attrs = input[1] ?? '';
      const name = /\bname="([^"]*)"/.exec(attrs)?.[1];
      const value = /\bvalue="([^"]*)"/.exec(attrs)?.[1] ?? '';
      if (name !== undefined) fields[decode(name)] = decode(value);
    }
    const action = /\baction="([^"]*)"/.exec(attributes)?.[1];
    forms.push({ action: action === undefined ? null : decode(action), fields });
  }
  return forms;
}

/** The form that submits `action` (and `decision`, when given). */
export function findForm(html: string, action: string, decision?: string): PageForm | undefined {
  return pageForms(html).find((f) => f.fields.action === action && (decision === undefined || f.fields.decision === decision));
}
