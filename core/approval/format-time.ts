const LONG = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = LONG.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: '2-digit',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    LONG.set(timeZone, format);
  }
  return format;
}

interface Parts {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
  timeZoneName: string;
}

function parts(at: string, timeZone: string): Parts {
  const found: Record<keyof Parts, string> = { weekday: '', day: '', month: '', year: '', hour: '', minute: '', timeZoneName: '' };
  for (const part of formatter(timeZone).formatToParts(new Date(at))) {
    if (part.type in found) found[part.type as keyof Parts] = part.value;
  }
  return found;
}

/**
 * An instant in a person's own time zone, assembled from parts so the text is
 * plain ASCII whatever the locale data does with spaces: "Thu 15 Jan 2026 14:30 CET".
 */
export function formatInstant(at: string, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.weekday} ${p.day} ${p.month} ${p.year} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** Without weekday and year, for SMS (a gate lasts at most days): "15 Jan 14:30 CET". */
export function formatInstantShort(at: string, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.day} ${p.month} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}
