import { type Html, html } from '../../core/approval/html';
import { ACTIVE_PHASES } from '../../core/incident/phases';
import type { IncidentSummary } from './console-data.schema';
import { capitalize, formatDuration } from './format';

export interface PhaseTime {
  readonly phase: string;
  readonly ms: number;
  /** The phase the incident is in now: its bar still grows. */
  readonly ongoing: boolean;
}

/**
 * Time spent in each phase that was entered: from its entry to the next
 * phase's entry, or to the end (closed, dismissed) or now for the current one.
 */
export function phaseTimes(incident: Pick<IncidentSummary, 'phaseEnteredAt' | 'phase' | 'status' | 'updatedAt'>, nowMs: number): PhaseTime[] {
  const entered = ACTIVE_PHASES.flatMap((phase) => {
    const at = incident.phaseEnteredAt[phase];
    return at === undefined ? [] : [{ phase, at: Date.parse(at) }];
  }).filter((e) => !Number.isNaN(e.at));
  const finished = incident.status !== 'open';
  const endIso = incident.phaseEnteredAt.closed ?? incident.phaseEnteredAt.dismissed ?? incident.updatedAt;
  const end = finished ? Date.parse(endIso) : nowMs;
  return entered.map((e, i) => {
    const next = entered[i + 1];
    const until = next === undefined ? end : next.at;
    return { phase: e.phase, ms: Math.max(0, until - e.at), ongoing: next === undefined && !finished };
  });
}

const ROW = 30;
const LABEL_WIDTH = 90;
const BAR_SPACE = 380;
const WIDTH = 600;

/**
 * A horizontal bar per phase, rendered on the server as inline SVG (no
 * script, no chart library). The longest phase spans the bar area; the
 * `<title>` and `<desc>` say the same in words for screen readers.
 */
export function renderPhaseChart(times: readonly PhaseTime[]): Html {
  if (times.length === 0) return html`<p class="note">No phase has started yet.</p>`;
  const longest = Math.max(1, ...times.map((t) => t.ms));
  const height = times.length * ROW + 10;
  const words = times.map((t) => `${capitalize(t.phase)} ${formatDuration(t.ms)}${t.ongoing ? ' so far' : ''}`).join(', ');
  const rows = times.map((t, i) => {
    const y = 5 + i * ROW;
    const width = Math.max(2, Math.round((t.ms / longest) * BAR_SPACE));
    const label = `${formatDuration(t.ms)}${t.ongoing ? ' so far' : ''}`;
    return html`<g class="bar bar-${t.phase}${t.ongoing ? ' bar-ongoing' : ''}"><text x="0" y="${y + 18}" class="bar-label">${capitalize(t.phase)}</text><rect x="${LABEL_WIDTH}" y="${y + 4}" width="${width}" height="${ROW - 10}" rx="3"></rect><text x="${LABEL_WIDTH + width + 6}" y="${y + 18}" class="bar-value">${label}</text></g>`;
  });
  return html`<svg class="phase-chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet"><title id="chart-title">Time per phase</title><desc id="chart-desc">${words}</desc>${rows}</svg>`;
}
