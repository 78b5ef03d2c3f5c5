import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findForm } from '../../../local/cli/approval-form';
import type { Runtime } from '../../../local/runtime/runtime';
import { linkIn, ROOT, startTestRuntime } from '../runtime/runtime-harness';

/**
 * One incident from a CloudWatch alarm to Closed, driven only the way people
 * drive it: the real `sirp` CLI (spawned, against a runtime on a free port)
 * and the personal links in the messages the runtime delivered (opened with
 * GET, decided with the page's own form). Every approval that arrives is
 * approved by the person it was sent to; whatever the phases ask for (gates,
 * extraordinary actions, a communication) goes through the same door.
 */

interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Delivery {
  to: string;
  channel: string;
  body: string;
  incidentId: string | null;
  approvalId: string | null;
}

interface Detail {
  incident: { phase: string; status: string; crisisLead: string | null; gate: unknown };
  timeline: { seq: number; type: string; actor: string; summary: string; data: Record<string, unknown> }[];
  chain: { intact: boolean };
}

let runtime: Runtime;
const work = mkdtempSync(join(tmpdir(), 'sirp-whole-'));

function sirp(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'sirp.js'), ...args, '--endpoint', runtime.url], { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

async function sirpJson<T>(...args: string[]): Promise<T> {
  const run = await sirp(...args, '--json');
  if (run.status !== 0) throw new Error(`sirp ${args.join(' ')} exited ${String(run.status)}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** Opens the link like a browser and presses the button that says yes. */
async function approveThroughLink(link: string): Promise<string | null> {
  const page = await fetch(link);
  const html = await page.text();
  if (page.status !== 200) return null;
  const form = findForm(html, 'approve', 'mobilize') ?? findForm(html, 'approve', 'approve') ?? findForm(html, 'approve');
  if (form === undefined) return null;
  const decided = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form.fields).toString() });
  return decided.status === 200 ? (form.fields.decision ?? 'approve') : null;
}

beforeAll(async () => {
  runtime = await startTestRuntime();
});

afterAll(async () => {
  await runtime.stop();
});

describe('a whole incident, from an alarm to Closed, through the CLI and the links only', () => {
  it('walks every phase with the Crisis Lead signing off each gate, and leaves a verified timeline and a review', async () => {
    const triggered = await sirpJson<{ results: { outcome: string; incidentId: string; severity: string }[] }>('trigger', join(ROOT, 'examples', 'events', 'cloudwatch-alarm.json'));
    expect(triggered.results[0]).toMatchObject({ outcome: 'created', severity: 'sev2' });
    const id = triggered.results[0]?.incidentId ?? '';

    const decided = new Map<string, { to: string; decision: string | null }>();
    let drafted = false;
    let detail: Detail | undefined;
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline) {
      detail = await sirpJson<Detail>('incidents', 'show', id);
      if (detail.incident.status === 'closed') break;
      if (!drafted && detail.incident.crisisLead !== null) {
        // The Communications workstream drafts a customer notice; the Crisis Lead's link releases it.
        const file = join(work, 'notice.md');
        writeFileSync(file, '# Security notice\n\nWe detected unusual access and contained it. No customer data was affected.\n');
        const draft = await sirp('comms', 'draft', id, '--audience', 'customers', '--file', file);
        if (draft.status !== 0) throw new Error(`sirp comms draft exited ${String(draft.status)}: ${draft.stderr}`);
        drafted = true;
      }
      // The review is approved once the notice is out, so that the review records its release.
      const released = detail.timeline.some((e) => e.type === 'communication' && e.data.status === 'released');
      const outbox = await sirpJson<Delivery[]>('outbox');
      for (const delivery of outbox) {
        const link = linkIn(delivery.body);
        if (delivery.incidentId !== id || delivery.approvalId === null || link === undefined || decided.has(delivery.approvalId)) continue;
        if (!released && /review/i.test(delivery.body)) continue;
        decided.set(delivery.approvalId, { to: delivery.to, decision: await approveThroughLink(link) });
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(detail?.incident).toMatchObject({ status: 'closed', phase: 'closed', gate: null });
    const lead = detail?.incident.crisisLead ?? '';
    const timeline = detail?.timeline ?? [];

    // Every phase, in order.
    expect(timeline.filter((e) => e.type === 'phase-changed').map((e) => e.data.to)).toEqual(['mobilize', 'contain', 'recover', 'learn', 'closed']);
    // Every sign-off, by the Crisis Lead.
    const signOffs = timeline.filter((e) => e.type === 'decided' && typeof e.data.gate === 'string' && e.data.decision !== 'reject');
    expect(signOffs.map((e) => [e.data.gate, e.data.decision, e.actor])).toEqual([
      ['alert', 'mobilize', lead],
      ['mobilize', 'approve', lead],
      ['contain', 'approve', lead],
      ['recover', 'approve', lead],
      ['learn', 'approve', lead],
    ]);
    expect(timeline.some((e) => e.type === 'review-drafted')).toBe(true);
    expect(timeline.filter((e) => e.type === 'communication').map((e) => [e.data.status, e.actor])).toEqual([
      ['pending', expect.any(String)],
      ['approved', lead],
      ['released', 'sirp'],
    ]);
    expect(detail?.chain.intact).toBe(true);

    // The customers got the notice only once the Crisis Lead approved it.
    const outbox = await sirpJson<Delivery[]>('outbox', '--to', 'customer-notices');
    expect(outbox.filter((d) => d.incidentId === id).map((d) => d.body)).toEqual([expect.stringContaining('No customer data was affected.')]);

    const drafts = await sirpJson<{ audience: string; status: string; decidedBy: string | null }[]>('comms', '--incident', id);
    expect(drafts).toEqual([expect.objectContaining({ audience: 'customers', status: 'released', decidedBy: lead })]);

    const verified = await sirp('verify', id);
    expect([verified.status, verified.stdout]).toEqual([0, expect.stringContaining('timeline intact')]);

    const out = join(work, 'review.md');
    expect((await sirp('review', id, '--out', out)).status).toBe(0);
    const review = readFileSync(out, 'utf8');
    const leadName = runtime.plan.contacts.find((c) => c.id === lead)?.name ?? lead;
    expect(review).toContain('# Post-incident review:');
    expect(review).toContain('- **Severity:** sev2');
    for (const gate of ['alert', 'mobilize', 'contain', 'recover']) expect(review).toContain(`| ${leadName} (${lead}) | ${gate} | ${gate === 'alert' ? 'mobilize' : 'approve'} |`);
    expect(review).toMatch(/\| Time to contain \(containment signed off\) \| \d{4}-\d\d-\d\d [\d:]+ UTC \| /);
    expect(review).toMatch(/\| customers \| .*Security notice/);
    for (const section of ['## Root cause', '## What went well', '## What did not go well', '## Action items']) expect(review).toContain(section);

    // Closed: no longer open, so nothing (sync reminders included) is scheduled for it.
    const open = await sirpJson<{ id: string }[]>('incidents');
    expect(open.map((i) => i.id)).not.toContain(id);
  }, 300_000);
});
