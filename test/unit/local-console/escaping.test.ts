import { escapeHtml } from '../../../core/approval/html';
import { deadLettersPage } from '../../../local/console/deadletters-page';
import { renderRecords } from '../../../local/console/generic-records';
import { incidentPage } from '../../../local/console/incident-page';
import { incidentsPage } from '../../../local/console/incidents-page';
import { intakePage } from '../../../local/console/intake-page';
import { renderPage, type ConsolePage } from '../../../local/console/layout';
import { linkify, outboxPage } from '../../../local/console/outbox-page';
import { detail, HOSTILE, NOW, PEOPLE, summary } from './console-fixtures';

const ESCAPED = escapeHtml(HOSTILE);

/** The rendered document: no tag or attribute from the hostile value survives, its escaped text does. */
function expectInert(page: ConsolePage): void {
  const doc = renderPage(page);
  expect(doc).not.toContain('<img');
  expect(doc).not.toContain('<script>');
  expect(doc).not.toMatch(/<[^>]*\sonerror=/);
  expect(doc).toContain(ESCAPED);
}

describe('escaping in the console pages', () => {
  it('escapes every character that could open a tag or leave an attribute', () => {
    expect(ESCAPED).toBe('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;&quot;&#39;&amp;');
  });

  it('shows a hostile incident title as text in the list and on the incident page', () => {
    expectInert(incidentsPage([summary({ title: HOSTILE })], { status: 'open', severity: null }, PEOPLE, 'example', NOW));
    expectInert(incidentPage(detail({ incident: summary({ title: HOSTILE }) }), {}, PEOPLE, 'example', NOW));
  });

  it('escapes timeline entries, actors, signal fields and raw events', () => {
    const page = incidentPage(
      detail({
        timeline: [{ seq: 1, at: '2026-11-23T09:00:00.000Z', type: 'incident-opened', actor: HOSTILE, summary: HOSTILE }],
        signals: [{ eventId: 'e1', at: '2026-11-23T09:00:00.000Z', outcome: 'created', source: HOSTILE, kind: 'alarm', title: HOSTILE, raw: { detail: HOSTILE } }],
      }),
      { workstreams: { engineering: { members: [HOSTILE], openedAt: '2026-11-23T09:04:00.000Z' } }, tasks: [{ odd: HOSTILE }] },
      PEOPLE,
      'example',
      NOW,
    );
    expectInert(page);
    expect(renderPage(page)).toContain(escapeHtml(JSON.stringify({ detail: HOSTILE }, null, 2)));
  });

  it('escapes the outbox, the dead letters and the intake form', () => {
    const delivery = { id: 'd1', at: '2026-11-23T09:00:00.000Z', channel: 'email', to: 'maya-chen', address: HOSTILE, subject: HOSTILE, body: HOSTILE };
    expectInert(outboxPage([delivery, { ...delivery, id: 'd2', channel: 'sms' }], { to: null }, PEOPLE, 'example'));
    expectInert(deadLettersPage([{ id: 'x', at: '2026-11-23T09:00:00.000Z', path: HOSTILE, message: HOSTILE, excerpt: HOSTILE }], 'example'));
    expectInert(intakePage([{ name: 'alarm', label: 'Alarm' }], 'token', 'example', { kind: 'refused', message: HOSTILE }, HOSTILE));
  });

  it('escapes values the generic renderer does not know', () => {
    expect(renderRecords([{ a: HOSTILE, b: { c: HOSTILE } }], HOSTILE).html).not.toContain('<img');
    expect(renderRecords({ nested: [HOSTILE] }, 't').html).not.toContain('<script>');
    expect(renderRecords(HOSTILE, 't').html).toContain(ESCAPED);
  });
});

describe('links in messages', () => {
  it('turns http(s) URLs into links and keeps the sentence punctuation outside', () => {
    expect(linkify('Open http://127.0.0.1:8080/a/abc.def-1. Then decide').html).toBe(
      'Open <a href="http://127.0.0.1:8080/a/abc.def-1">http://127.0.0.1:8080/a/abc.def-1</a>. Then decide',
    );
  });

  it('links no other scheme and cannot be broken out of its attribute', () => {
    expect(linkify('javascript:alert(1) data:text/html,x').html).not.toContain('<a');
    expect(linkify('https://x.example/"onmouseover="alert(1)').html).toBe('<a href="https://x.example/">https://x.example/</a>&quot;onmouseover=&quot;alert(1)');
  });
});
