import { onCallAt } from '../../../../core/plan/on-call';
import type { Plan, Shift } from '../../../../core/plan/plan.schema';

const DEFAULT = { lead: 'night-owl', deputy: 'backup' };
const DAY = { lead: 'day-lead', deputy: 'day-deputy' };
const EVENING = { lead: 'evening-lead', deputy: 'evening-deputy' };
const WEEKEND = { lead: 'weekend-lead', deputy: 'weekend-deputy' };

const WEEKDAYS: Shift['days'] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Follow the sun in London: days, overnight on weeknights, weekends, the default otherwise. */
const london: Pick<Plan, 'rota'> = {
  rota: {
    timeZone: 'Europe/London',
    default: DEFAULT,
    shifts: [
      { days: WEEKDAYS, from: '08:00', to: '17:00', ...DAY },
      { days: WEEKDAYS, from: '17:00', to: '08:00', ...EVENING },
      { days: ['sat', 'sun'], from: '00:00', to: '23:59', ...WEEKEND },
    ],
  },
};

const utc = (iso: string): number => Date.parse(iso);

describe('onCallAt: shifts', () => {
  it('finds the day shift during office hours', () => {
    expect(onCallAt(london, utc('2025-01-15T10:00:00Z'))).toEqual(DAY);
  });

  it('starts a shift on its first minute and hands over on its last', () => {
    expect(onCallAt(london, utc('2025-01-15T08:00:00Z'))).toEqual(DAY);
    expect(onCallAt(london, utc('2025-01-15T07:59:00Z'))).toEqual(EVENING);
    expect(onCallAt(london, utc('2025-01-15T16:59:00Z'))).toEqual(DAY);
    expect(onCallAt(london, utc('2025-01-15T17:00:00Z'))).toEqual(EVENING);
  });

  it('returns only the lead and deputy of the shift', () => {
    expect(Object.keys(onCallAt(london, utc('2025-01-15T10:00:00Z'))).sort()).toEqual(['deputy', 'lead']);
  });

  it('picks the first covering shift when shifts overlap', () => {
    const overlapping: Pick<Plan, 'rota'> = {
      rota: { ...london.rota, shifts: [{ days: ['wed'], from: '09:00', to: '12:00', ...WEEKEND }, ...london.rota.shifts] },
    };

    expect(onCallAt(overlapping, utc('2025-01-15T10:00:00Z'))).toEqual(WEEKEND);
    expect(onCallAt(overlapping, utc('2025-01-15T13:00:00Z'))).toEqual(DAY);
  });
});

describe('onCallAt: overnight shifts', () => {
  it('gives the evening to the day the overnight shift is listed on', () => {
    expect(onCallAt(london, utc('2025-01-17T22:30:00Z'))).toEqual(EVENING); // Friday evening
  });

  it('gives the hours after midnight to the day after the listed day', () => {
    expect(onCallAt(london, utc('2025-01-16T00:00:00Z'))).toEqual(EVENING); // Thursday 00:00, Wednesday's shift
    expect(onCallAt(london, utc('2025-01-18T03:00:00Z'))).toEqual(EVENING); // Saturday 03:00, Friday's shift
  });

  it('ends the overnight shift at its end time on the day after', () => {
    expect(onCallAt(london, utc('2025-01-18T08:00:00Z'))).toEqual(WEEKEND); // Saturday 08:00
  });

  it('does not cover the early hours after a day the shift is not listed on', () => {
    expect(onCallAt(london, utc('2025-01-20T03:00:00Z'))).toEqual(DEFAULT); // Monday 03:00 follows Sunday
  });

  it('wraps from Sunday night into Monday morning', () => {
    const sundayNights: Pick<Plan, 'rota'> = {
      rota: { timeZone: 'UTC', default: DEFAULT, shifts: [{ days: ['sun'], from: '22:00', to: '06:00', ...EVENING }] },
    };

    expect(onCallAt(sundayNights, utc('2025-01-19T23:00:00Z'))).toEqual(EVENING); // Sunday 23:00
    expect(onCallAt(sundayNights, utc('2025-01-20T05:59:00Z'))).toEqual(EVENING); // Monday 05:59
    expect(onCallAt(sundayNights, utc('2025-01-20T06:00:00Z'))).toEqual(DEFAULT); // Monday 06:00
    expect(onCallAt(sundayNights, utc('2025-01-19T05:00:00Z'))).toEqual(DEFAULT); // Sunday 05:00 follows Saturday
  });
});

describe('onCallAt: weekends and the default', () => {
  it('finds the weekend shift on Saturday and Sunday', () => {
    expect(onCallAt(london, utc('2025-01-18T12:00:00Z'))).toEqual(WEEKEND);
    expect(onCallAt(london, utc('2025-01-19T23:58:00Z'))).toEqual(WEEKEND);
  });

  it('falls back to the default pair when no shift covers the moment', () => {
    expect(onCallAt(london, utc('2025-01-19T23:59:00Z'))).toEqual(DEFAULT); // Sunday 23:59: the weekend shift ends at 23:59
  });

  it('always has the default pair when there are no shifts', () => {
    expect(onCallAt({ rota: { timeZone: 'UTC', default: DEFAULT, shifts: [] } }, utc('2025-01-15T10:00:00Z'))).toEqual(DEFAULT);
  });
});

describe('onCallAt: time zones', () => {
  it('reads shift times in the rota time zone, not in UTC', () => {
    const tokyo: Pick<Plan, 'rota'> = {
      rota: { timeZone: 'Asia/Tokyo', default: DEFAULT, shifts: [{ days: ['mon'], from: '09:00', to: '18:00', ...DAY }] },
    };

    expect(onCallAt(tokyo, utc('2025-01-20T00:30:00Z'))).toEqual(DAY); // Monday 09:30 in Tokyo
    expect(onCallAt(tokyo, utc('2025-01-19T23:30:00Z'))).toEqual(DEFAULT); // Monday 08:30 in Tokyo
  });

  it('takes the local day, which can differ from the UTC day', () => {
    const losAngeles: Pick<Plan, 'rota'> = {
      rota: { timeZone: 'America/Los_Angeles', default: DEFAULT, shifts: [{ days: ['fri'], from: '16:00', to: '20:00', ...DAY }] },
    };

    expect(onCallAt(losAngeles, utc('2025-01-18T01:00:00Z'))).toEqual(DAY); // Saturday in UTC, Friday 17:00 in LA
  });

  it('follows the switch to summer time: the same UTC instant is an hour later in local time', () => {
    expect(onCallAt(london, utc('2025-03-25T07:30:00Z'))).toEqual(EVENING); // Tuesday 07:30 GMT
    expect(onCallAt(london, utc('2025-04-01T07:30:00Z'))).toEqual(DAY); // Tuesday 08:30 BST
  });

  it('follows the switch back to winter time', () => {
    expect(onCallAt(london, utc('2025-10-21T16:30:00Z'))).toEqual(EVENING); // Tuesday 17:30 BST
    expect(onCallAt(london, utc('2025-10-28T16:30:00Z'))).toEqual(DAY); // Tuesday 16:30 GMT
  });

  it('covers the night the clocks go forward, on both sides of the jump', () => {
    const nights: Pick<Plan, 'rota'> = {
      rota: { timeZone: 'Europe/London', default: DEFAULT, shifts: [{ days: ['sat'], from: '22:00', to: '03:00', ...EVENING }] },
    };

    expect(onCallAt(nights, utc('2025-03-30T00:59:00Z'))).toEqual(EVENING); // Sunday 00:59 GMT
    expect(onCallAt(nights, utc('2025-03-30T01:00:00Z'))).toEqual(EVENING); // Sunday 02:00 BST (01:00 GMT never happens)
    expect(onCallAt(nights, utc('2025-03-30T01:59:00Z'))).toEqual(EVENING); // Sunday 02:59 BST
    expect(onCallAt(nights, utc('2025-03-30T02:00:00Z'))).toEqual(DEFAULT); // Sunday 03:00 BST: one hour shorter that night
  });
});
