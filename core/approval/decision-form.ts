import { z } from 'zod';
import { DecisionSchema } from '../incident/phases';
import type { DecisionRequest } from './decide';

const Token = z.string().optional();

/** The fields the confirm page's forms post; nothing else is accepted. */
const DecisionFormSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), decision: DecisionSchema, csrf: Token }).strict(),
  z.object({ action: z.literal('reject'), reason: z.string().default(''), csrf: Token }).strict(),
  z.object({ action: z.literal('acknowledge'), csrf: Token }).strict(),
]);

/** A posted decision form: the request, and the anti-forgery value to check before anything else. */
export type DecisionForm =
  | { readonly ok: true; readonly formToken: string | undefined; readonly request: DecisionRequest }
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
  if (!parsed.success) return { ok: false, reason: 'the form is not a sirp decision form' };
  const form = parsed.data;
  switch (form.action) {
    case 'approve':
      return { ok: true, formToken: form.csrf, request: { action: 'approve', decision: form.decision } };
    case 'reject':
      return { ok: true, formToken: form.csrf, request: { action: 'reject', reason: form.reason } };
    case 'acknowledge':
      return { ok: true, formToken: form.csrf, request: { action: 'acknowledge' } };
  }
}
