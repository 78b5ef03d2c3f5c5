import { createHash } from 'node:crypto';
import { draftReview } from '../../core/review/review';
import { toIso } from '../../core/time/clock';
import type { StepsDeps } from './steps-service';

export type LearnDeps = Pick<StepsDeps, 'plan' | 'clock' | 'incidents' | 'timeline' | 'notifier'>;

/**
 * Drafts the post-incident review from the timeline and stores it on the
 * timeline itself (a `review-drafted` entry carries the Markdown under the
 * chain's keyed hash, so the review the Crisis Lead approved cannot be
 * rewritten unnoticed). The Crisis Lead gets the text by email; the G5
 * approval link follows from the gate step.
 *
 * Safe to run again: the entry is keyed on the incident's version, so a
 * resumed workflow finds its draft instead of writing a second one, and a
 * rejection (which changes the record) leads to a fresh draft.
 */
export async function draftIncidentReview(incidentId: string, deps: LearnDeps): Promise<{ seq: number | null }> {
  const incident = await deps.incidents.require(incidentId);
  if (incident.phase !== 'learn') return { seq: null };
  const markdown = draftReview(incident, await deps.timeline.list(incidentId), deps.plan);
  const sha256 = createHash('sha256').update(markdown).digest('hex');
  const { entry, appended } = await deps.timeline.appendOnce(
    incidentId,
    `review:${String(incident.version)}`,
    {
      type: 'review-drafted',
      actor: 'sirp',
      summary: `The post-incident review was drafted from the timeline (sha256 ${sha256.slice(0, 12)}); the Crisis Lead approves it to close the incident.`,
      data: { markdown, sha256 },
    },
    toIso(deps.clock.now()),
  );
  const lead = incident.crisisLead;
  if (appended && lead !== null && deps.plan.contacts.some((c) => c.id === lead && c.email !== undefined)) {
    await deps.notifier.send({
      recipient: lead,
      channel: 'email',
      subject: `[sirp] ${incident.id}: post-incident review drafted, your approval closes the incident`,
      body: `The draft review is below (also: "sirp review ${incident.id}"). Approve it with the personal link you are sent separately.\n\n${markdown}`,
      incidentId,
      drill: incident.drill,
    });
  }
  return { seq: entry.seq };
}
