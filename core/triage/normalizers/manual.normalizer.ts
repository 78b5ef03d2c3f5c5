import { z } from 'zod';
import { type Severity, SeveritySchema } from '../../incident/severity';
import type { Clock } from '../../time/clock';
import { firstIssue, type IssueReason } from '../../validation/zod-issues';
import { correlationKey } from '../correlation';
import { guardInput } from '../input-guard';
import { SeverityLabel, type Signal } from '../signal.schema';

/**
 * A person declaring an incident (CLI, console, a tabletop drill): no AWS event
 * behind it, so the caller supplies the id (unique per declaration, e.g. a
 * ULID) and where the stack runs, and the clock gives the time.
 */
export const ManualDeclaration = z.object({
  title: z.string().trim().min(1).max(500),
  /** `sev1`-`sev4` is taken as declared; an ASFF label (`HIGH`) goes through the plan's rules like a finding's. */
  severity: z.union([SeveritySchema, SeverityLabel], { error: 'must be sev1-sev4 or an ASFF label (INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL)' }),
  declaredBy: z.string().min(1).max(200).optional(),
  description: z.string().max(10_000).optional(),
});
export type ManualDeclaration = z.infer<typeof ManualDeclaration>;

const isSeverity = (value: string): value is Severity => SeveritySchema.safeParse(value).success;

export interface ManualContext {
  /** The declaration's id: the signal's identity and correlation material. */
  readonly id: string;
  readonly clock: Clock;
  /** The account and region the stack runs in. */
  readonly account: string;
  readonly region: string;
}

export type ManualResult = { readonly ok: true; readonly signal: Signal } | { readonly ok: false; readonly reason: IssueReason };

/**
 * Validates a declaration and makes its signal.
 *
 * @example
 * const result = normalizeManualDeclaration(body, { id: ulid(), clock, account, region });
 */
export function normalizeManualDeclaration(input: unknown, context: ManualContext): ManualResult {
  const guarded = guardInput(input);
  if (!guarded.ok) return guarded;
  const parsed = ManualDeclaration.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error) };
  const declaration = parsed.data;
  const attributes: Record<string, string> = {};
  if (declaration.declaredBy !== undefined) attributes.declaredBy = declaration.declaredBy;
  return {
    ok: true,
    signal: {
      eventId: `manual:${context.id}`,
      source: 'manual',
      kind: 'manual',
      state: 'firing',
      title: declaration.title,
      description: declaration.description,
      resources: [],
      account: context.account,
      region: context.region,
      time: new Date(context.clock.now()).toISOString(),
      severityInput: {
        ...(isSeverity(declaration.severity) ? { declaredSeverity: declaration.severity } : { label: declaration.severity }),
        tags: {},
        attributes,
      },
      identity: context.id,
      correlationKey: correlationKey({ kind: 'manual', id: context.id }),
      raw: input,
    },
  };
}
