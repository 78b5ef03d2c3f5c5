import { z } from 'zod';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
const DURATION_TEXT = /^\d{1,6}[smhd]$/;
const MESSAGE = 'must be a duration like "90s", "15m", "4h" or "7d", or a whole number of seconds';

/**
 * A duration in a plan: `90s`, `15m`, `4h`, `7d`, or a whole number of
 * seconds. Parsed to seconds, because Step Functions' TimeoutSeconds is in
 * seconds; accepting seconds also lets a parsed plan be parsed again (the
 * functions receive the validated plan as JSON).
 */
export const DurationSchema = z
  .custom<string | number>((value) => (typeof value === 'string' && DURATION_TEXT.test(value)) || Number.isInteger(value), MESSAGE)
  .transform((value) => {
    if (typeof value === 'number') return value;
    const unit = value.slice(-1) as keyof typeof UNIT_SECONDS;
    return Number(value.slice(0, -1)) * UNIT_SECONDS[unit];
  })
  .refine((seconds) => seconds > 0, 'must be longer than zero');
