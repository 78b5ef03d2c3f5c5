import { randomBytes } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { toPublicView } from '../../core/approval/approval.schema';
import { approvalIdFromBytes, issueLink } from '../../core/approval/link';
import { composeEmail, composeSms } from '../../core/approval/messages';
import type { SigningKey, SigningKeys } from '../../core/approval/signing-key';
import type { Incident } from '../../core/incident/incident.schema';
import type { Plan } from '../../core/plan/plan.schema';
import type { Clock } from '../../core/time/clock';
import type { Notifier } from '../adapters/sns-notifier';
import type { ApprovalLogger } from '../approval/approval-service';
import type { ApprovalStore } from '../approval/approval-store.port';
import { type IssuedApproval, issueReserved, type RequestApprovalDeps, requestApprovalFor, setAsideOthers, supersede } from '../approval/request-approval';
import type { SigningSecrets } from '../approval/signing-secrets.port';
import { SfnTaskCallbacks } from '../approval/sfn-task-callbacks';
import type { ApprovalDesk, ApprovalView, PreparedApproval } from './steps-service';

export const newApprovalId = (): string => approvalIdFromBytes(randomBytes(16));

export interface RecordsApprovalDeskDeps {
  readonly plan: Plan;
  readonly clock: Clock;
  readonly records: ApprovalStore;
  readonly notifier: Notifier;
  readonly sfn: SFNClient;
  /** The current signing key, read per request: a rotation takes effect at the next approval. */
  readonly signingKey: () => Promise<SigningKey>;
  readonly baseUrl: string;
  readonly logger?: ApprovalLogger;
}

/**
 * The workflow steps' view of approvals, as a thin adapter over
 * `lambdas/approval/request-approval.ts` (the one place approvals are
 * created, resumed, replayed and superseded): it maps the steps' questions
 * onto `requestApprovalFor` and sends the personal link it returns to the
 * one person, on every channel they have.
 */
export class RecordsApprovalDesk implements ApprovalDesk {
  private readonly approvals: Omit<RequestApprovalDeps, 'incidents'>;

  constructor(private readonly deps: RecordsApprovalDeskDeps) {
    this.approvals = {
      store: deps.records,
      callbacks: new SfnTaskCallbacks(deps.sfn),
      secrets: currentKeyOnly(deps.signingKey),
      plan: deps.plan,
      baseUrl: deps.baseUrl,
      logger: deps.logger ?? new Logger({ serviceName: 'sirp-steps' }),
    };
  }

  async get(approvalId: string): Promise<ApprovalView | null> {
    const record = await this.deps.records.get(approvalId);
    return record === null ? null : { approvalId: record.approvalId, status: record.status, decider: record.decider, decidedBy: record.decidedBy, reason: record.reason };
  }

  async request(input: Parameters<ApprovalDesk['request']>[0]): Promise<{ approvalId: string; paged: boolean }> {
    const now = this.deps.clock.now();
    const result = await requestApprovalFor(this.approvals, input.incident, {
      incidentId: input.incident.id,
      subject: input.subject,
      decider: input.decider,
      taskToken: input.taskToken,
      timeoutSeconds: Math.max(0, (input.expiresAt - now) / 1000),
      expiresAt: input.expiresAt,
      now,
      existing: input.existing,
    });
    if (result.kind === 'resumed' && (result.approval.approvalId !== input.existing || input.sent === false)) {
      // A pending approval the caller does not name (callers that record an
      // approval only after its link went out), or names without knowing it
      // was sent (the gates, which name it first), was created by a run that
      // died before (or while) sending it: send it again, the same approval
      // and link. A channel sent just before the crash gets it twice (SNS is
      // at-least-once too); a page is never lost.
      return { approvalId: result.approval.approvalId, paged: await this.resend(result.approval.approvalId, input.incident) };
    }
    if (result.kind !== 'created') return { approvalId: result.approval.approvalId, paged: false };
    await this.page(result);
    return { approvalId: result.approval.approvalId, paged: true };
  }

  async prepare(input: Parameters<ApprovalDesk['prepare']>[0]): Promise<PreparedApproval> {
    const { incident, subject, decider, approvalId } = input;
    const issued = await issueReserved(this.approvals, incident, {
      incidentId: incident.id,
      subject,
      decider,
      taskToken: input.taskToken,
      approvalId,
      expiresAt: input.expiresAt,
      now: this.deps.clock.now(),
    });
    return {
      approvalId,
      send: async () => {
        await this.page(issued);
        // After the page, never before it: a run that died before its gate named its approval left one pending.
        await setAsideOthers(this.approvals, incident.id, subject, { approvalId, holder: decider }, issued.approval.createdAt);
      },
      withdraw: async (to) => {
        await supersede(this.approvals, approvalId, to);
      },
    };
  }

  /** The link of a pending approval, composed again (signed with the current key, which links verify under). */
  private async resend(approvalId: string, incident: Incident): Promise<boolean> {
    const record = await this.deps.records.get(approvalId);
    const contact = this.deps.plan.contacts.find((c) => c.id === record?.decider);
    if (record === null || contact === undefined) return false;
    const link = issueLink(this.deps.baseUrl, record, await this.deps.signingKey());
    const notice = { incident, subject: record.subject, recipient: contact, link, expiresAt: record.expiresAt, plan: this.deps.plan };
    await this.page({
      approval: toPublicView(record),
      link,
      messages: { email: contact.email === undefined ? null : composeEmail(notice), sms: contact.phone === undefined ? null : composeSms(notice) },
    });
    return true;
  }

  newId(): string {
    return newApprovalId();
  }

  async supersede(approvalId: string, holder: string, nextApprovalId: string): Promise<void> {
    await supersede(this.approvals, approvalId, { approvalId: nextApprovalId, holder });
  }

  /** The personal link goes to the one person, on every channel they have (the messages are null where they have none). */
  private async page(issued: IssuedApproval): Promise<void> {
    const { approval, messages } = issued;
    const about = { recipient: approval.decider, incidentId: approval.incidentId, approvalId: approval.approvalId };
    if (messages.email !== null) await this.deps.notifier.send({ ...about, channel: 'email', subject: messages.email.subject, body: messages.email.body });
    if (messages.sms !== null) await this.deps.notifier.send({ ...about, channel: 'sms', body: messages.sms });
  }
}

/** The steps only sign new links: the current key is all they need, read per call. */
function currentKeyOnly(signingKey: () => Promise<SigningKey>): SigningSecrets {
  return {
    load: async (): Promise<SigningKeys> => {
      const current = await signingKey();
      return { current, verifying: [current] };
    },
    forget: () => undefined,
  };
}
