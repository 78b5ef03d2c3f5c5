import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'events', 'cloudwatch-alarm.json');

interface AlarmEvent {
  id: string;
  time: string;
  resources: string[];
  detail: { alarmName: string; state: { timestamp: string } };
}

/**
 * A family of CloudWatch alarm events built from the example: event `n` is
 * its own alarm (name, ARN and event id differ), so each one opens its own
 * incident instead of joining the first by correlation. The name keeps the
 * example's `sec-` prefix, so each one gets the example's severity.
 *
 * @example
 * const events = alarmEvents('bench-7f3a');
 * await fetch(`${url}/events`, { method: 'POST', body: events(0) });
 */
export function alarmEvents(runId: string): (n: number) => string {
  const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as AlarmEvent;
  return (n) => {
    const event = structuredClone(example);
    const alarmName = `sec-UnauthorizedApiCalls-${runId}-${n}`;
    const at = new Date().toISOString();
    event.id = `${runId}-${n}`;
    event.time = at;
    event.detail.alarmName = alarmName;
    event.detail.state.timestamp = at;
    event.resources = [`arn:aws:cloudwatch:eu-west-1:111122223333:alarm:${alarmName}`];
    return JSON.stringify(event);
  };
}
