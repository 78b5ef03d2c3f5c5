import { z } from 'zod';

/** Contact ids appear in links, table keys and SNS filter policies: keep them plain. */
export const ContactIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lowercase letters, digits and dashes (at most 40)');

export const E164Schema = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be E.164, like "+14155550123"');

export const TimeZoneSchema = z.string().refine(isTimeZone, 'must be an IANA time zone, like "Europe/Berlin"');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const ContactSchema = z
  .object({
    id: ContactIdSchema,
    name: z.string().min(1).max(120),
    email: z.email('must be an email address').optional(),
    phone: E164Schema.optional(),
    timeZone: TimeZoneSchema,
  })
  .strict()
  .refine((c) => c.email !== undefined || c.phone !== undefined, {
    message: 'needs an email or a phone: a contact nobody can reach cannot respond',
    path: ['email'],
  });

export type Contact = z.infer<typeof ContactSchema>;
