import { type Html, html } from '../../core/approval/html';

/** "45s", "4m 12s", "2h 05m", "3d 4h": a duration a person reads at a glance. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/**
 * An instant as `<time>`: UTC text that is correct without script, and the
 * machine-readable value the console script turns into the reader's local time.
 */
export function timeTag(iso: string): Html {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return html`<time>${iso}</time>`;
  const text = `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return html`<time datetime="${new Date(ms).toISOString()}">${text}</time>`;
}

/** How far a deadline is: "in 14m 00s" or "overdue by 2m 10s". */
export function untilText(deadlineIso: string, nowMs: number): string {
  const left = Date.parse(deadlineIso) - nowMs;
  if (Number.isNaN(left)) return '';
  return left >= 0 ? `in ${formatDuration(left)}` : `overdue by ${formatDuration(-left)}`;
}

/** A contact id as a person: "Alice Moreau (alice)"; unknown ids stay as they are. */
export function personName(id: string, contacts: readonly { readonly id: string; readonly name: string }[]): string {
  const contact = contacts.find((c) => c.id === id);
  return contact === undefined ? id : `${contact.name} (${id})`;
}

export const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
