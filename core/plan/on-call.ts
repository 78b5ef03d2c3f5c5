import type { OnCallPair, Plan, Shift } from './plan.schema';

const WEEKDAY: Record<string, Shift['days'][number]> = {
  Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun',
};
const DAY_ORDER: readonly Shift['days'][number][] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Day of week and minutes since midnight of an instant, in a time zone. */
function localTime(atMs: number, timeZone: string): { day: Shift['days'][number]; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(atMs));
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    day: WEEKDAY[part('weekday')] ?? 'mon',
    minutes: Number(part('hour')) * 60 + Number(part('minute')),
  };
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

function covers(shift: Shift, day: Shift['days'][number], minutes: number): boolean {
  const from = toMinutes(shift.from);
  const to = toMinutes(shift.to);
  if (from < to) return shift.days.includes(day) && minutes >= from && minutes < to;
  // Overnight shift: the evening belongs to the listed day, the early hours to the day after it.
  const yesterday = DAY_ORDER[(DAY_ORDER.indexOf(day) + 6) % 7] ?? day;
  return (shift.days.includes(day) && minutes >= from) || (shift.days.includes(yesterday) && minutes < to);
}

/** Who is the on-call Crisis Lead (and deputy) at an instant: the first covering shift, else the default. */
export function onCallAt(plan: Pick<Plan, 'rota'>, atMs: number): OnCallPair {
  const { day, minutes } = localTime(atMs, plan.rota.timeZone);
  const shift = plan.rota.shifts.find((s) => covers(s, day, minutes));
  return shift === undefined ? plan.rota.default : { lead: shift.lead, deputy: shift.deputy };
}
