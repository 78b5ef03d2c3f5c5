import { ConsoleApi } from '../../../local/console/console-api';
import { isValidFormToken, issueFormToken } from '../../../local/console/console-guard';
import { formatDuration, untilText } from '../../../local/console/format';
import { labelOf, renderRecords } from '../../../local/console/generic-records';
import { incidentPage } from '../../../local/console/incident-page';
import { CONSOLE_HEADERS, renderPage } from '../../../local/console/layout';
import { phaseTimes, renderPhaseChart } from '../../../local/console/phase-chart';
import { phaseStates, renderGatePanel, renderPhaseProgress } from '../../../local/console/phase-progress';
import { communicationsSection, failureBanner, reviewSection, tasksSection, workstreamsSection } from '../../../local/console/response-sections';
import { detail, NOW, PEOPLE, summary } from './console-fixtures';

describe('the phase progress bar', () => {
  it('marks the phases before the current one done and the current one with aria-current', () => {
    expect(phaseStates(summary()).map((p) => p.state)).toEqual(['done', 'current', 'upcoming', 'upcoming', 'upcoming']);
    const bar = renderPhaseProgress(summary()).html;
    expect(bar).toContain('<li class="phase phase-current" aria-current="step"><span class="phase-name">Mobilize</span><span class="phase-state">now</span><span class="phase-gate">gate open</span></li>');
    expect(bar.match(/<li/g)).toHaveLength(5);
  });

  it('ends a dismissed incident at Alert and completes a closed one', () => {
    expect(phaseStates(summary({ status: 'dismissed', phase: 'dismissed' })).map((p) => p.state)).toEqual(['dismissed', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(phaseStates(summary({ status: 'closed', phase: 'closed' })).every((p) => p.state === 'done')).toBe(true);
  });

  it('names who must act, the deadline and the escalation chain with the holder marked', () => {
    const panel = renderGatePanel(summary(), 'sofia-rossi', PEOPLE, NOW).html;
    expect(panel).toContain('Move to containment?');
    expect(panel).toContain('(in 50m 00s)');
    expect(panel).toMatch(/<ol class="chain"><li aria-current="true"><strong>Maya Chen \(maya-chen\)<\/strong>.*<li>Sofia Rossi \(sofia-rossi\)<\/li><li>Grace Lin \(grace-lin\)<\/li><\/ol>/);
    expect(panel).toContain('href="/outbox?to=maya-chen"');
  });

  it('shows an escalated gate held further down the chain', () => {
    const gate = { gate: 'mobilize', holder: 'sofia-rossi', deadline: '2026-11-23T09:00:00.000Z', escalationLevel: 1 };
    const panel = renderGatePanel(summary({ gate }), 'sofia-rossi', PEOPLE, NOW).html;
    expect(panel).toContain('escalated 1×');
    expect(panel).toContain('overdue by 10m 00s');
    expect(panel).toContain('<li aria-current="true"><strong>Sofia Rossi (sofia-rossi)</strong>');
    expect(renderGatePanel(summary({ gate: null }), null, PEOPLE, NOW).html).toContain('No gate is open');
  });
});

describe('the time-per-phase chart', () => {
  it('measures each phase to the next one and the current one to now', () => {
    expect(phaseTimes(summary(), NOW)).toEqual([
      { phase: 'alert', ms: 4 * 60_000, ongoing: false },
      { phase: 'mobilize', ms: 6 * 60_000, ongoing: true },
    ]);
  });

  it('stops the clock when the incident ended', () => {
    const closed = summary({ status: 'closed', phase: 'closed', phaseEnteredAt: { alert: '2026-11-23T09:00:00.000Z', closed: '2026-11-23T09:01:00.000Z' } });
    expect(phaseTimes(closed, NOW)).toEqual([{ phase: 'alert', ms: 60_000, ongoing: false }]);
  });

  it('draws one bar per phase, the longest the full width, and says the same in words', () => {
    const svg = renderPhaseChart(phaseTimes(summary(), NOW)).html;
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('width="380"');
    expect(svg).toContain('width="253"');
    expect(svg).toContain('<desc id="chart-desc">Alert 4m 00s, Mobilize 6m 00s so far</desc>');
    expect(renderPhaseChart([]).html).toContain('No phase has started yet');
  });
});

describe('formatting', () => {
  it('formats durations for people', () => {
    expect([formatDuration(45_000), formatDuration(252_000), formatDuration(2 * 3600_000 + 5 * 60_000), formatDuration(76 * 3600_000), formatDuration(-5)]).toEqual([
      '45s',
      '4m 12s',
      '2h 05m',
      '3d 4h',
      '0s',
    ]);
    expect(untilText('not a date', NOW)).toBe('');
  });

  it('labels unknown fields readably', () => {
    expect([labelOf('dueAt'), labelOf('crisis_lead')]).toEqual(['Due at', 'Crisis lead']);
    expect(renderRecords([], 'x').html).toContain('None yet');
    expect(renderRecords([1, 'a'], 'x').html).toBe('<ul><li>1</li><li>a</li></ul>');
  });
});

describe('the incident page sections', () => {
  it('appears only with the data present', () => {
    const bare = renderPage(incidentPage(detail(), {}, PEOPLE, 'example', NOW));
    expect(bare).not.toContain('id="workstreams"');
    expect(bare).not.toContain('id="review"');
    const full = renderPage(
      incidentPage(
        detail(),
        {
          workstreams: { engineering: { members: ['maya-chen'], openedAt: '2026-11-23T09:04:00.000Z' } },
          tasks: [{ taskId: 't1', phase: 'contain', title: 'Isolate the instance', automated: true, assignee: null, status: 'done', outcome: 'dry run' }],
          communications: [{ draftId: 'd1', audience: 'executives', title: 'Status', author: 'maya-chen', status: 'pending', createdAt: '2026-11-23T09:05:00.000Z' }],
          review: { markdown: '# Review', drafted: { at: '2026-11-23T09:09:00.000Z' } },
        },
        PEOPLE,
        'example',
        NOW,
      ),
    );
    for (const id of ['workstreams', 'tasks', 'communications', 'review']) expect(full).toContain(`id="${id}"`);
  });

  it('renders the response data it knows and folds away a review not yet drafted', () => {
    expect(workstreamsSection({ engineering: { members: ['maya-chen', 'sofia-rossi'], openedAt: '2026-11-23T09:04:00.000Z' } }, PEOPLE)?.html).toContain('Maya Chen (maya-chen), Sofia Rossi (sofia-rossi)');
    expect(tasksSection([], PEOPLE)).toBeNull();
    expect(tasksSection([{ taskId: 't', phase: 'recover', title: 'Restore', automated: false, extraordinary: true, assignee: 'maya-chen', status: 'open' }], PEOPLE)?.html).toContain('needs an executive');
    const rejected = communicationsSection(
      [{ draftId: 'd', audience: 'customers', title: 'T', author: 'maya-chen', status: 'rejected', createdAt: '2026-11-23T09:05:00.000Z', decidedBy: 'maya-chen', decidedAt: '2026-11-23T09:06:00.000Z', reason: 'tone', releasedAt: null, message: 'Hello' }],
      PEOPLE,
    )?.html;
    expect(rejected).toContain('Rejected because: tone');
    expect(communicationsSection([], PEOPLE)).toBeNull();
    expect(reviewSection({ markdown: '# R', drafted: null })?.html).toContain('<details>');
    expect(reviewSection({ unexpected: true })?.html).toContain('Unexpected');
    expect(failureBanner({ at: '2026-11-23T09:06:00.000Z', phase: 'contain', error: 'States.Timeout' }).html).toContain('contain · States.Timeout');
    expect(failureBanner('nonsense').html).toBe('');
  });

  it('warns loudly when the hash chain is broken', () => {
    const page = renderPage(incidentPage(detail({ chain: { intact: false, firstBadSeq: 2, reason: 'was altered after it was written' } }), {}, PEOPLE, 'example', NOW));
    expect(page).toContain('<p class="chain-bad" role="alert">Hash chain BROKEN at entry 2: was altered after it was written.');
  });
});

describe('the page shell', () => {
  it('loads only its own stylesheet and script, under a CSP without inline script or style', () => {
    const doc = renderPage({ status: 200, title: 'T', section: 'outbox', org: 'example', content: { html: '<p>x</p>' }, live: true });
    expect(doc).toContain('<link rel="stylesheet" href="/console/console.css"><script src="/console/console.js" defer></script>');
    expect(doc).toContain('<a href="/outbox" aria-current="page">Outbox</a>');
    expect(doc).toContain('<body data-live="1">');
    expect(doc).not.toMatch(/<script>|<style>|\sstyle=/);
    expect(CONSOLE_HEADERS['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self'; style-src 'self';/);
  });
});

describe('the intake form token', () => {
  const key = Buffer.alloc(32, 7);

  it('is valid for an hour from issue, with this key only', () => {
    const token = issueFormToken(key, NOW);
    expect(isValidFormToken(key, token, NOW + 59 * 60_000)).toBe(true);
    expect(isValidFormToken(key, token, NOW + 61 * 60_000)).toBe(false);
    expect(isValidFormToken(Buffer.alloc(32, 8), token, NOW)).toBe(false);
    expect(isValidFormToken(key, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, NOW)).toBe(false);
    expect(isValidFormToken(key, 'garbage', NOW)).toBe(false);
  });
});

describe('the console API client', () => {
  it('names the field when the API answers an unexpected shape', async () => {
    const server = await import('node:http').then((http) => http.createServer((_req, res) => res.end(JSON.stringify([{ id: 1 }]))));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as import('node:net').AddressInfo;
    const { IncidentListSchema } = await import('../../../local/console/console-data.schema');
    await expect(new ConsoleApi(`http://127.0.0.1:${port}`, 't').get('/api/incidents', IncidentListSchema)).rejects.toThrow(/at 0\.id: /);
    server.close();
  });
});
