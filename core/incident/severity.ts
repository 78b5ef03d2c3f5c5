import { z } from 'zod';

/** sev1 is the worst. Order matters: comparisons use the index. */
export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** True when `a` is at least as severe as `b` (sev1 is at least as severe as sev2). */
export const isAtLeastAsSevere = (a: Severity, b: Severity): boolean =>
  SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b);
