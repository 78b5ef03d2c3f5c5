import { randomBytes } from 'node:crypto';
import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { type ApprovalRecord, newApprovalRecord } from '../../core/approval/approval.schema';
import type { Incident } from '../../core/incident/incident.schema';
import { issueLink, approvalIdFromBytes } from '../../core/approval/link';
import { composeEmail, composeSms } from '../../core/approval/messages';
import type { SigningKey } from '../../core/approval/signing-key';
import { callbackFor, recordedDecision } from '../../core/approval/task-callback';
import type { Plan } from '../../core/plan/plan.schema';
import { type Clock, toIso } from '../../core/time/clock';
import type { ApprovalStore } from '../approval/approval-store.port';
import type { Notifier } from '../adapters/sns-notifier';
import type { ApprovalDesk, ApprovalView } from './steps-service';

export const newApprovalId = (): string => approvalIdFromBytes(randomBytes(16));

/**
 * Creates approvals, sends their personal links, and lets a resumed
 * workflow take over a pending approval without paging anyone again.
 */
export class RecordsApprovalDesk implements ApprovalDesk {
  constructor(
    private readonly deps: {
      readonly plan: Plan;
      readonly clock: Clock;
      readonly records: ApprovalStore;
      readonly notifier: Notifier;
      readonly sfn: SFNClient;
      readonly signingKey: () => Promise<SigningKey>;
      readonly baseUrl: string;
    },
  ) {}

  async get(approvalId: string): Promise<ApprovalView | null> {
    const record = await this.deps.records.get(approvalId);
    return record === null ? null : { approvalId: record.approvalId, status: record.status, decider: record.decider, decidedBy: record.decidedBy, reason: record.reason };
  }

  async request(input: Parameters<ApprovalDesk['request']>[0]): Promise<{ approvalId: string; paged: boolean }> {
    const existing = input.existing === null ? null : await this.deps.records.get(input.existing);
    if (existing !== null && existing.decider === input.decider) {
      if (existing.status === 'pending' && (await this.deps.records.updateTaskToken(existing.approvalId, input.taskToken)).ok) {
        return { approvalId: existing.approvalId, paged: false };
      }
      const decided = recordedDecision((await this.deps.records.get(existing.approvalId)) ?? existing);
      if (decided !== undefined) {
        // Decided while the workflow was away (a restart): hand the recorded decision to the new task.
        const callback = callbackFor(decided);
        if (callback.kind === 'success') {
          await this.deps.sfn.send(new SendTaskSuccessCommand({ taskToken: input.taskToken, output: JSON.stringify(callback.output) }));
        } else {
          await this.deps.sfn.send(new SendTaskFailureCommand({ taskToken: input.taskToken, error: callback.error, cause: callback.cause }));
        }
        return { approvalId: existing.approvalId, paged: false };
      }
    }
    const now = this.deps.clock.now();
    const key = await this.deps.signingKey();
    const approvalId = input.existing !== null && existing === null ? input.existing : newApprovalId();
    const record = newApprovalRecord({
      approvalId,
      incidentId: input.incident.id,
      subject: input.subject,
      decider: input.decider,
      taskToken: input.taskToken,
      createdAt: toIso(now),
      expiresAt: toIso(input.expiresAt),
      secretVersion: key.versionId,
    });
    await this.deps.records.create(record);
    await this.page(record, input.incident, key);
    return { approvalId, paged: true };
  }

  newId(): string {
    return newApprovalId();
  }

  async supersede(approvalId: string, holder: string, nextApprovalId: string): Promise<void> {
    await this.deps.records.supersede(approvalId, { approvalId: nextApprovalId, holder });
  }

  /** The personal link goes to the one person, on every channel they have. */
  private async page(record: ApprovalRecord, incident: Incident, key: SigningKey): Promise<void> {
    const contact = this.deps.plan.contacts.find((c) => c.id === record.decider);
    if (contact === undefined) throw new Error(`approval ${record.approvalId} names ${record.decider}, who is not in the plan`);
    const notice = {
      incident,
      subject: record.subject,
      recipient: contact,
      link: issueLink(this.deps.baseUrl, record, key),
      expiresAt: record.expiresAt,
      plan: this.deps.plan,
    };
    if (contact.email !== undefined) {
      const email = composeEmail(notice);
      await this.deps.notifier.send({ recipient: contact.id, channel: 'email', subject: email.subject, body: email.body, incidentId: record.incidentId, approvalId: record.approvalId });
    }
    if (contact.phone !== undefined) {
      await this.deps.notifier.send({ recipient: contact.id, channel: 'sms', body: composeSms(notice), incidentId: record.incidentId, approvalId: record.approvalId });
    }
  }
}
