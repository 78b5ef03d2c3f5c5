import { z } from 'zod';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/**
 * A human duration in a plan: `90s`, `15m`, `4h`, `7d`. Parsed to seconds,
 * because Step Functions' TimeoutSeconds is in seconds.
 */
export const DurationSchema = z
  .string()
  .regex(/^\d{1,6}[smhd]$/, 'must be a duration like "90s", "15m", "4h" or "7d"')
  .transform((text) => {
    const unit = text.slice(-1) as keyof typeof UNIT_SECONDS;
    return Number(text.slice(0, -1)) * UNIT_SECONDS[unit];
  })
  .refine((seconds) => seconds > 0, 'must be longer than zero');
