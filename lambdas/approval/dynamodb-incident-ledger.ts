import type { PublicApproval } from '../../core/approval/approval.schema';
import { acknowledgeGate } from '../../core/incident/lifecycle';
import type { Incident } from '../../core/incident/incident.schema';
import { toIso } from '../../core/time/clock';
import type { IncidentStore } from '../adapters/incident-store';
import type { TimelineStore } from '../adapters/timeline-store';
import type { IncidentLedger, ReissuedLink } from './incident-ledger.port';

/** How a subject reads on the timeline. */
const what = (approval: PublicApproval): string => {
  switch (approval.subject.kind) {
    case 'gate':
      return `the ${approval.subject.gate} gate`;
    case 'action':
      return `containment action ${approval.subject.actionId}`;
    case 'communication':
      return `communication ${approval.subject.draftId}`;
  }
};

/**
 * The incident record and timeline, through the same adapters the workflow
 * steps use. Each incident change is the optimistic-locked update of the
 * incident store; the approval record's own conditional write (made before
 * this is called) is the commit point, and this only follows it.
 */
export class DynamoDbIncidentLedger implements IncidentLedger {
  constructor(
    private readonly incidents: IncidentStore,
    private readonly timeline: TimelineStore,
  ) {}

  async acknowledged(approval: PublicApproval, at: number, windowSeconds: number): Promise<{ readonly acknowledgedUntil: string }> {
    const until = toIso(at + windowSeconds * 1000);
    const { subject, decider } = approval;
    if (subject.kind === 'gate') {
      await this.incidents.update(approval.incidentId, (current) =>
        holdsGate(current, subject.gate, decider) ? acknowledgeGate(current, decider, windowSeconds, at) : current,
      );
    }
    await this.timeline.append(
      approval.incidentId,
      {
        type: 'acknowledged',
        actor: decider,
        summary: `${decider} acknowledged ${what(approval)}: escalation pauses until ${until}.`,
        data: { approvalId: approval.approvalId, subject, until },
      },
      toIso(at),
    );
    return { acknowledgedUntil: until };
  }

  async linksRevoked(incidentId: string, reissued: readonly ReissuedLink[], why: string, at: number): Promise<void> {
    if (reissued.length === 0) return;
    await this.incidents.update(incidentId, (current) => {
      const moved = reissued.find((r) => current.gate !== null && current.gate.approvalId === r.from.approvalId);
      if (moved === undefined || current.gate === null) return current;
      return { ...current, gate: { ...current.gate, approvalId: moved.to.approvalId }, updatedAt: toIso(at), version: current.version + 1 };
    });
    const people = [...new Set(reissued.map((r) => r.to.decider))].join(', ');
    await this.timeline.append(
      incidentId,
      {
        type: 'links-revoked',
        actor: 'sirp',
        summary: `Approval links revoked (${why}); fresh links sent to ${people}.`,
        data: { why, reissued: reissued.map((r) => ({ from: r.from.approvalId, to: r.to.approvalId, decider: r.to.decider, subject: r.to.subject })) },
      },
      toIso(at),
    );
  }
}

const holdsGate = (incident: Incident, gate: string, person: string): boolean =>
  incident.phase === gate && incident.gate?.gate === gate && incident.gate.holder === person;
