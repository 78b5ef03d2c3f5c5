import { z } from 'zod';

/**
 * The groups SSIRP says to bring in early ("Collaborate"): not only engineering
 * but PR, customer communications, support, legal and executives.
 */
export const STAKEHOLDER_GROUPS = [
  'engineering',
  'communications',
  'pr',
  'legal',
  'customer-support',
  'executives',
] as const;
export const StakeholderGroupSchema = z.enum(STAKEHOLDER_GROUPS);
export type StakeholderGroup = z.infer<typeof StakeholderGroupSchema>;

/** What each group is asked to do when engaged; the notification says it in words. */
export const GROUP_ROLE: Record<StakeholderGroup, string> = {
  engineering: 'Investigate and carry out containment and recovery in the Engineering workstream.',
  communications: 'Draft customer and employee communications in the Communications workstream; the Crisis Lead approves each one.',
  pr: 'Prepare public statements with the Communications workstream; nothing is released without the Crisis Lead.',
  legal: 'Assess notification duties and legal exposure; advise the Crisis Lead.',
  'customer-support': 'Prepare support for affected customers with the Communications workstream.',
  executives: 'Stay informed; approve extraordinary actions when the Crisis Lead asks.',
};

/**
 * The two workstreams SSIRP splits a large response into ("Multithread");
 * the Crisis Lead is a member of both.
 */
export const WORKSTREAMS = ['engineering', 'communications'] as const;
export const WorkstreamSchema = z.enum(WORKSTREAMS);
export type Workstream = z.infer<typeof WorkstreamSchema>;

/** Which stakeholder groups staff which workstream. */
export const WORKSTREAM_GROUPS: Record<Workstream, readonly StakeholderGroup[]> = {
  engineering: ['engineering'],
  communications: ['communications', 'pr', 'customer-support', 'legal'],
};

/** Roles a person can hold in one incident. */
export const INCIDENT_ROLES = ['crisis-lead', 'deputy', 'executive', 'stakeholder'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];
