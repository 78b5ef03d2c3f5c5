import type { OnCallPair, Plan, Shift } from './plan.schema';

type Day = Shift['days'][number];

const WEEKDAY = {
  Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun',
} as const satisfies Record<string, Day>;
const DAY_BEFORE: Record<Day, Day> = { mon: 'sun', tue: 'mon', wed: 'tue', thu: 'wed', fri: 'thu', sat: 'fri', sun: 'sat' };

/** One formatter per time zone: building one costs about a millisecond, using it microseconds. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Day of week and minutes since midnight of an instant, in a time zone. */
function localTime(atMs: number, timeZone: string): { day: Day; minutes: number } {
  const parts = formatterFor(timeZone).formatToParts(new Date(atMs));
  // en-US always yields these three parts, weekday as Mon..Sun.
  const part = Object.fromEntries(parts.map((p) => [p.type, p.value])) as Record<'weekday' | 'hour' | 'minute', string>;
  return {
    day: WEEKDAY[part.weekday as keyof typeof WEEKDAY],
    minutes: Number(part.hour) * 60 + Number(part.minute),
  };
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

function covers(shift: Shift, day: Day, minutes: number): boolean {
  const from = toMinutes(shift.from);
  const to = toMinutes(shift.to);
  if (from < to) return shift.days.includes(day) && minutes >= from && minutes < to;
  // Overnight shift: the evening belongs to the listed day, the early hours to the day after it.
  return (shift.days.includes(day) && minutes >= from) || (shift.days.includes(DAY_BEFORE[day]) && minutes < to);
}

/** Who is the on-call Crisis Lead (and deputy) at an instant: the first covering shift, else the default. */
export function onCallAt(plan: Pick<Plan, 'rota'>, atMs: number): OnCallPair {
  const { day, minutes } = localTime(atMs, plan.rota.timeZone);
  const shift = plan.rota.shifts.find((s) => covers(s, day, minutes));
  return shift === undefined ? plan.rota.default : { lead: shift.lead, deputy: shift.deputy };
}
