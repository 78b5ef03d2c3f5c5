import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { markDrill } from '../../core/comms/drill-marking';

/** One message to one person on one channel. */
export interface Notification {
  readonly recipient: string;
  readonly channel: 'email' | 'sms';
  /** Email only; SNS ignores it for SMS. */
  readonly subject?: string;
  readonly body: string;
  readonly incidentId?: string;
  readonly approvalId?: string;
  /** About a drill's incident: the message says DRILL first (see `markDrill`). */
  readonly drill?: boolean;
}

export interface Notifier {
  send(notification: Notification): Promise<void>;
}

/** SNS subjects: ASCII, no newlines, at most 100 characters. */
const safeSubject = (subject: string): string =>
  subject.replace(/[^\x20-\x7e]/g, ' ').slice(0, 100);

/**
 * Publishes to the organization's one notifications topic. Each contact's
 * subscriptions filter on `recipient` and `channel`, so a message for one
 * person reaches that person only, on that channel only.
 */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async send(notification: Notification): Promise<void> {
    const n = notification.drill === true ? markDrill(notification) : notification;
    const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Message: n.body,
        ...(n.channel === 'email' && n.subject !== undefined ? { Subject: safeSubject(n.subject) } : {}),
        MessageAttributes: {
          recipient: attribute(n.recipient),
          channel: attribute(n.channel),
          ...(n.incidentId === undefined ? {} : { incidentId: attribute(n.incidentId) }),
          ...(n.approvalId === undefined ? {} : { approvalId: attribute(n.approvalId) }),
        },
      }),
    );
  }
}
