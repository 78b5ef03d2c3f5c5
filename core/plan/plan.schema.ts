import { z } from 'zod';
import { GateSchema } from '../incident/phases';
import { StakeholderGroupSchema, WorkstreamSchema } from '../incident/roles';
import { SeveritySchema } from '../incident/severity';
import { ContactIdSchema, ContactSchema, TimeZoneSchema } from './contact.schema';
import { DurationSchema } from './duration';
import { NOTIFICATION_CHANNELS } from './subscriptions';

/**
 * The organization plan: everything sirp needs to know about one organization's
 * response process, written before any incident ("Plan"). One YAML file per
 * organization in `orgs/`; one CDK stack and one embedded runtime per plan.
 * This file is the documentation of the format: every field says what it does.
 */

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like "08:00"');

const OnCallPairSchema = z
  .object({
    /** The Crisis Lead on call: paged first with the Alert gate. */
    lead: ContactIdSchema,
    /** Takes a gate when the lead does not answer in time. */
    deputy: ContactIdSchema,
  })
  .strict();

const ShiftSchema = OnCallPairSchema.extend({
  days: z.array(z.enum(DAYS)).min(1),
  /** Local time in the rota's time zone; a shift with `to` before `from` runs past midnight. */
  from: ClockTimeSchema,
  to: ClockTimeSchema,
}).strict();

const RotaSchema = z
  .object({
    timeZone: TimeZoneSchema,
    /** Who is on call outside every shift: the rota always has someone. */
    default: OnCallPairSchema,
    /** Checked in order; the first shift covering the moment wins. */
    shifts: z.array(ShiftSchema).default([]),
  })
  .strict();

export const SIGNAL_SOURCES = ['cloudwatch', 'guardduty', 'securityhub', 'health', 'cloudtrail', 'manual'] as const;
export const SignalSourceSchema = z.enum(SIGNAL_SOURCES);

const FINDING_LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

/** Every condition given must hold for the rule to match. */
const SeverityMatchSchema = z
  .object({
    source: SignalSourceSchema.optional(),
    /** CloudWatch alarms whose name starts with this. */
    alarmNamePrefix: z.string().min(1).optional(),
    /** GuardDuty numeric severity (0-10) at least this. */
    minFindingSeverity: z.number().min(0).max(10).optional(),
    /** Security Hub (ASFF) severity label is one of these. */
    labels: z.array(z.enum(FINDING_LABELS)).min(1).optional(),
    /** Tags on the alarm or a resource: every pair must be present. */
    tags: z.record(z.string(), z.string()).optional(),
    /** CloudTrail actions like "iam:CreateAccessKey" or "cloudtrail:StopLogging". */
    actions: z.array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9]+$/, 'must be like "iam:CreateAccessKey"')).min(1).optional(),
  })
  .strict()
  .refine((m) => Object.keys(m).length > 0, 'a rule must match on something');

const SeverityRuleSchema = z
  .object({
    /** Recorded on the incident so everyone can see why it got its severity. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'must be lowercase letters, digits and dashes'),
    match: SeverityMatchSchema,
    severity: SeveritySchema,
  })
  .strict();

const GateSettingsSchema = z
  .object({
    /** How long the holder has before the gate escalates to the next person in the chain. */
    timeout: DurationSchema,
  })
  .strict();

const ContainmentActionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'must be lowercase letters, digits and dashes'),
    title: z.string().min(1).max(120),
    /** Which adapter carries it out; `manual` is a human task. */
    kind: z.enum([
      'isolate-ec2-instance',
      'disable-iam-access-key',
      'block-s3-public-access',
      'revoke-iam-sessions',
      'manual',
    ]),
    phase: z.enum(['contain', 'recover']).default('contain'),
    /** Extraordinary actions run only after one of `approvers` (executives) says yes ("Empower"). */
    extraordinary: z.boolean().default(false),
    approvers: z.array(ContactIdSchema).default([]),
  })
  .strict();

const AudienceSchema = z
  .object({
    description: z.string().min(1).max(200),
    /** Contacts (people or distribution lists) who receive a released communication. */
    recipients: z.array(ContactIdSchema).min(1),
  })
  .strict();

export const COMMUNICATION_AUDIENCES = ['executives', 'employees', 'customers', 'partners'] as const;
export const AudienceNameSchema = z.enum(COMMUNICATION_AUDIENCES);

const PlanObjectSchema = z
  .object({
    /** DNS-safe: it names the stack (`sirp-<org>`) and its resources. */
    org: z.string().regex(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/, 'must be DNS-safe: 3-32 lowercase letters, digits and dashes'),
    name: z.string().min(1).max(120),
    aws: z
      .object({
        account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id').optional(),
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region like "eu-west-1"').optional(),
      })
      .strict()
      .default({}),
    /** Keep the table (and the incident history) when the stack is deleted. */
    deletionProtection: z.boolean().default(true),
    contacts: z.array(ContactSchema).min(1),
    rota: RotaSchema,
    executives: z.array(ContactIdSchema).default([]),
    stakeholders: z.partialRecord(StakeholderGroupSchema, z.array(ContactIdSchema)).default({}),
    severity: z
      .object({
        /** Used when no rule matches. */
        default: SeveritySchema.default('sev3'),
        /** The least severe severity that still opens an incident; less severe signals are recorded as ignored, nobody is paged. */
        threshold: SeveritySchema.default('sev4'),
        rules: z.array(SeverityRuleSchema).default([]),
      })
      .strict()
      .default({ default: 'sev3', threshold: 'sev4', rules: [] }),
    /** CloudTrail actions that are worth an incident; other API calls are not taken in. */
    sensitiveActions: z.array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9]+$/, 'must be like "iam:CreateAccessKey"')).default([]),
    correlation: z
      .object({
        /** Signals of the same kind on the same resource within this window join one incident. */
        window: DurationSchema.default(3600),
      })
      .strict()
      .default({ window: 3600 }),
    /** Severities that skip the Alert gate: the on-call Crisis Lead is paged as owner. */
    autoMobilize: z.array(SeveritySchema).default([]),
    /** Which stakeholder groups are engaged at Mobilize, per severity ("Collaborate": early). */
    engagement: z.partialRecord(SeveritySchema, z.array(StakeholderGroupSchema)).default({}),
    gates: z
      .object({
        alert: GateSettingsSchema.default({ timeout: 900 }),
        mobilize: GateSettingsSchema.default({ timeout: 3600 }),
        contain: GateSettingsSchema.default({ timeout: 14400 }),
        recover: GateSettingsSchema.default({ timeout: 28800 }),
        learn: GateSettingsSchema.default({ timeout: 604800 }),
      })
      .strict()
      .default({
        alert: { timeout: 900 },
        mobilize: { timeout: 3600 },
        contain: { timeout: 14400 },
        recover: { timeout: 28800 },
        learn: { timeout: 604800 },
      }),
    escalation: z
      .object({
        /** After the gate holder and the deputy, these people in order (the end of the chain stays with the last). */
        chain: z.array(ContactIdSchema).default([]),
        /** "I have it": an acknowledged gate does not escalate for this long. */
        acknowledgementWindow: DurationSchema.default(1800),
      })
      .strict()
      .default({ chain: [], acknowledgementWindow: 1800 }),
    /** Sync meeting cadence per workstream and for the whole response ("Synch"). */
    sync: z
      .object({
        response: DurationSchema.default(14400),
        engineering: DurationSchema.default(3600),
        communications: DurationSchema.default(7200),
        /**
         * How sync reminders reach people: `[email]` (default) or `[email, sms]`.
         * A reminder is not urgent and an SMS costs about 200 emails, so SMS is
         * opt-in; approval links (pages) always go on every channel a contact
         * has. A contact with none of these channels gets reminders on what
         * they have, so nobody misses a sync.
         */
        channels: z
          .array(z.enum(NOTIFICATION_CHANNELS, { error: 'must be "email" or "sms"' }))
          .min(1, 'must name at least one channel, like [email]')
          .refine((channels) => new Set(channels).size === channels.length, 'must not name a channel twice')
          .default(['email']),
      })
      .strict()
      .default({ response: 14400, engineering: 3600, communications: 7200, channels: ['email'] }),
    communications: z
      .object({ audiences: z.partialRecord(AudienceNameSchema, AudienceSchema).default({}) })
      .strict()
      .default({ audiences: {} }),
    containment: z
      .object({ actions: z.array(ContainmentActionSchema).default([]) })
      .strict()
      .default({ actions: [] }),
    approvals: z
      .object({
        /** Where approval links point. A short custom domain keeps SMS under 160 characters. */
        baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
      })
      .strict(),
  })
  .strict();

export const PlanSchema = PlanObjectSchema.superRefine(checkReferences);

export type Plan = z.output<typeof PlanSchema>;
export type PlanInput = z.input<typeof PlanSchema>;
export type SeverityRule = z.infer<typeof SeverityRuleSchema>;
export type ContainmentAction = z.infer<typeof ContainmentActionSchema>;
export type Shift = z.infer<typeof ShiftSchema>;
export type OnCallPair = z.infer<typeof OnCallPairSchema>;
export type SignalSource = z.infer<typeof SignalSourceSchema>;
export type Workstream = z.infer<typeof WorkstreamSchema>;
export { GateSchema };


/** Cross-field rules: every id must name a contact, every gate must have someone to decide it. */
function checkReferences(plan: z.output<typeof PlanObjectSchema>, ctx: z.RefinementCtx): void {
  const known = new Set<string>();
  plan.contacts.forEach((contact, i) => {
    if (known.has(contact.id)) ctx.addIssue({ code: 'custom', path: ['contacts', i, 'id'], message: `duplicate contact id "${contact.id}"` });
    known.add(contact.id);
  });
  const mustBeContact = (id: string, path: (string | number)[]): void => {
    if (!known.has(id)) ctx.addIssue({ code: 'custom', path, message: `"${id}" is not a contact in this plan` });
  };
  const checkPair = (pair: OnCallPair, path: (string | number)[]): void => {
    mustBeContact(pair.lead, [...path, 'lead']);
    mustBeContact(pair.deputy, [...path, 'deputy']);
    if (pair.lead === pair.deputy) {
      ctx.addIssue({ code: 'custom', path: [...path, 'deputy'], message: 'the deputy must be someone other than the lead' });
    }
  };
  checkPair(plan.rota.default, ['rota', 'default']);
  plan.rota.shifts.forEach((shift, i) => {
    checkPair(shift, ['rota', 'shifts', i]);
    if (shift.from === shift.to) ctx.addIssue({ code: 'custom', path: ['rota', 'shifts', i, 'to'], message: 'a shift must not start and end at the same time' });
  });
  plan.executives.forEach((id, i) => { mustBeContact(id, ['executives', i]); });
  for (const [group, ids] of Object.entries(plan.stakeholders)) {
    ids.forEach((id, i) => { mustBeContact(id, ['stakeholders', group, i]); });
  }
  for (const [severity, groups] of Object.entries(plan.engagement)) {
    groups.forEach((group, i) => {
      if ((plan.stakeholders[group] ?? []).length === 0) {
        ctx.addIssue({ code: 'custom', path: ['engagement', severity, i], message: `group "${group}" has nobody in stakeholders.${group}` });
      }
    });
  }
  plan.escalation.chain.forEach((id, i) => { mustBeContact(id, ['escalation', 'chain', i]); });
  for (const [audience, settings] of Object.entries(plan.communications.audiences)) {
    settings.recipients.forEach((id, i) => { mustBeContact(id, ['communications', 'audiences', audience, 'recipients', i]); });
  }
  const executives = new Set(plan.executives);
  const actionIds = new Set<string>();
  plan.containment.actions.forEach((action, i) => {
    if (actionIds.has(action.id)) ctx.addIssue({ code: 'custom', path: ['containment', 'actions', i, 'id'], message: `duplicate action id "${action.id}"` });
    actionIds.add(action.id);
    if (action.extraordinary && action.approvers.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['containment', 'actions', i, 'approvers'], message: 'an extraordinary action needs at least one executive who may approve it' });
    }
    action.approvers.forEach((id, j) => {
      if (!executives.has(id)) ctx.addIssue({ code: 'custom', path: ['containment', 'actions', i, 'approvers', j], message: `"${id}" is not one of the plan's executives` });
    });
  });
}
