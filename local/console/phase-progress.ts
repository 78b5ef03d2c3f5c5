import { type Html, html } from '../../core/approval/html';
import { escalationChain } from '../../core/incident/deciders';
import { ACTIVE_PHASES, GATE_QUESTION, type Gate } from '../../core/incident/phases';
import type { Plan } from '../../core/plan/plan.schema';
import type { IncidentSummary } from './console-data.schema';
import { capitalize, personName, timeTag, untilText } from './format';

export type PhaseState = 'done' | 'current' | 'upcoming' | 'dismissed' | 'skipped';

/** Where each phase stands: the incident's phase is current, those before it done; a dismissal ends at Alert. */
export function phaseStates(incident: Pick<IncidentSummary, 'phase' | 'status'>): { phase: string; state: PhaseState }[] {
  const current = (ACTIVE_PHASES as readonly string[]).indexOf(incident.phase);
  return ACTIVE_PHASES.map((phase, i) => {
    if (incident.status === 'dismissed' || incident.phase === 'dismissed') return { phase, state: i === 0 ? 'dismissed' : 'skipped' };
    if (incident.status === 'closed' || incident.phase === 'closed') return { phase, state: 'done' };
    if (current === -1) return { phase, state: 'upcoming' };
    return { phase, state: i < current ? 'done' : i === current ? 'current' : 'upcoming' };
  });
}

const STATE_TEXT: Record<PhaseState, string> = {
  done: 'done',
  current: 'now',
  upcoming: 'to come',
  dismissed: 'dismissed',
  skipped: 'not needed',
};

/** Alert -> Mobilize -> Contain -> Recover -> Learn as an ordered list; the current step carries aria-current. */
export function renderPhaseProgress(incident: Pick<IncidentSummary, 'phase' | 'status' | 'gate'>): Html {
  const steps = phaseStates(incident).map(({ phase, state }) => {
    const gateOpen = state === 'current' && incident.gate?.gate === phase ? html`<span class="phase-gate">gate open</span>` : html``;
    const body = html`<span class="phase-name">${capitalize(phase)}</span><span class="phase-state">${STATE_TEXT[state]}</span>${gateOpen}`;
    return state === 'current'
      ? html`<li class="phase phase-current" aria-current="step">${body}</li>`
      : html`<li class="phase phase-${state}">${body}</li>`;
  });
  return html`<ol class="phases" aria-label="Phases">${steps}</ol>`;
}

type PlanPeople = Pick<Plan, 'contacts' | 'escalation'>;

/**
 * The open gate: the question, who must act and by when, and the chain it
 * escalates along (the first holder, the deputy, then the plan's chain),
 * with the person holding it now marked.
 */
export function renderGatePanel(incident: Pick<IncidentSummary, 'gate' | 'crisisLead'>, deputy: string | null, plan: PlanPeople, nowMs: number): Html {
  const gate = incident.gate;
  if (gate === null) return html`<p class="note">No gate is open: nobody needs to act.</p>`;
  const first = gate.escalationLevel === 0 ? gate.holder : (incident.crisisLead ?? gate.holder);
  const chain = escalationChain(first, deputy, plan);
  if (!chain.includes(gate.holder)) chain.push(gate.holder);
  const people = chain.map((id) =>
    id === gate.holder
      ? html`<li aria-current="true"><strong>${personName(id, plan.contacts)}</strong> <span class="tag">holds it now</span></li>`
      : html`<li>${personName(id, plan.contacts)}</li>`,
  );
  const question = gate.gate in GATE_QUESTION ? GATE_QUESTION[gate.gate as Gate] : `The ${gate.gate} gate is open.`;
  const escalated = gate.escalationLevel > 0 ? html` <span class="tag tag-warn">escalated ${gate.escalationLevel}×</span>` : html``;
  return html`<div class="gate-panel"><p class="gate-question">${question}</p>
<dl class="facts"><dt>Who must act</dt><dd>${personName(gate.holder, plan.contacts)}${escalated}</dd>
<dt>Deadline</dt><dd>${timeTag(gate.deadline)} (${untilText(gate.deadline, nowMs)})</dd></dl>
<p class="chain-label">If nobody acts, it escalates along:</p><ol class="chain">${people}</ol>
<p class="note">The decision is made through the personal link sent to ${personName(gate.holder, plan.contacts)}: find it in the <a href="${`/outbox?to=${encodeURIComponent(gate.holder)}`}">outbox</a>.</p></div>`;
}
