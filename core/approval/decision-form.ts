import { z } from 'zod';
import { DecisionSchema } from '../incident/phases';
import { ContactIdSchema } from '../plan/contact.schema';
import type { DecisionRequest } from './decide';

const Token = z.string().optional();
/**
 * Who the page was rendered for (a hidden field). The link already proves the
 * person; a client that changes this field (the CLI's `--as`) is asking the
 * server to judge another person, and the server refuses anyone but the decider.
 */
const Actor = ContactIdSchema.optional();

/** The fields the confirm page's forms post; nothing else is accepted. */
const DecisionFormSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), decision: DecisionSchema, csrf: Token, actor: Actor }).strict(),
  z.object({ action: z.literal('reject'), reason: z.string().default(''), csrf: Token, actor: Actor }).strict(),
  z.object({ action: z.literal('acknowledge'), csrf: Token, actor: Actor }).strict(),
]);

/** A posted decision form: the request, who it claims to come from, and the anti-forgery value to check before anything else. */
export type DecisionForm =
  | { readonly ok: true; readonly formToken: string | undefined; readonly actor: string | undefined; readonly request: DecisionRequest }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads an `application/x-www-form-urlencoded` body strictly: known fields
 * only, each at most once. A missing anti-forgery value is not a parse error:
 * it is refused as a forgery by the caller.
 */
export function parseDecisionForm(body: string): DecisionForm {
  const params = new URLSearchParams(body);
  // A Map, not an object: a field named "__proto__" must stay a field.
  const fields = new Map<string, string>();
  for (const [name, value] of params) {
    if (fields.has(name)) return { ok: false, reason: 'the form repeats a field' };
    fields.set(name, value);
  }
  const parsed = DecisionFormSchema.safeParse(Object.fromEntries(fields));
  if (!parsed.success) {
    const actorIssue = parsed.error.issues.some((issue) => issue.path[0] === 'actor');
    return { ok: false, reason: actorIssue ? 'actor: not a contact id of the plan' : 'the form is not a sirp decision form' };
  }
  const form = parsed.data;
  const common = { ok: true, formToken: form.csrf, actor: form.actor } as const;
  switch (form.action) {
    case 'approve':
      return { ...common, request: { action: 'approve', decision: form.decision } };
    case 'reject':
      return { ...common, request: { action: 'reject', reason: form.reason } };
    case 'acknowledge':
      return { ...common, request: { action: 'acknowledge' } };
  }
}
