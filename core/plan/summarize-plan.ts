import { GATES } from '../incident/phases';
import { SEVERITIES } from '../incident/severity';
import type { Plan } from './plan.schema';

/** A duration the way a plan writes it; exact, so a "90s" timeout is not shown as "2m". */
const minutes = (seconds: number): string =>
  seconds % 86400 === 0
    ? `${seconds / 86400}d`
    : seconds % 3600 === 0
      ? `${seconds / 3600}h`
      : seconds % 60 === 0
        ? `${seconds / 60}m`
        : `${seconds}s`;

/** A one-screen summary of a valid plan, for `sirp plan validate`. */
export function summarizePlan(plan: Plan): string {
  const name = (id: string): string => plan.contacts.find((c) => c.id === id)?.name ?? id;
  const extraordinary = plan.containment.actions.filter((a) => a.extraordinary);
  const lines = [
    `${plan.name} (${plan.org}): plan is valid`,
    `  contacts        ${plan.contacts.length} (${plan.contacts.filter((c) => c.phone !== undefined).length} reachable by SMS)`,
    `  on call         ${name(plan.rota.default.lead)} (deputy ${name(plan.rota.default.deputy)}) by default, ${plan.rota.shifts.length} shift(s) in ${plan.rota.timeZone}`,
    `  escalation      holder -> deputy${plan.escalation.chain.map((id) => ` -> ${name(id)}`).join('')}; acknowledged gates wait ${minutes(plan.escalation.acknowledgementWindow)}`,
    `  gate timeouts   ${GATES.map((g) => `${g} ${minutes(plan.gates[g].timeout)}`).join(', ')}`,
    `  severity        ${plan.severity.rules.length} rule(s), default ${plan.severity.default}, ignore below ${plan.severity.threshold}; auto-mobilize ${plan.autoMobilize.join(', ') || 'none'}`,
    `  engagement      ${SEVERITIES.map((s) => `${s}: ${(plan.engagement[s] ?? []).join('+') || '-'}`).join('; ')}`,
    `  sync cadence    response ${minutes(plan.sync.response)}, engineering ${minutes(plan.sync.engineering)}, communications ${minutes(plan.sync.communications)}; reminders by ${plan.sync.channels.join(' + ')}`,
    `  containment     ${plan.containment.actions.length} action(s), ${extraordinary.length} extraordinary (${extraordinary.map((a) => a.id).join(', ') || 'none'})`,
    `  audiences       ${Object.keys(plan.communications.audiences).join(', ') || 'none'}`,
    `  sensitive calls ${plan.sensitiveActions.length} CloudTrail action(s)`,
    `  links           ${plan.approvals.baseUrl}`,
    `  deletion        ${plan.deletionProtection ? 'protected (table retained)' : 'NOT protected: the table is deleted with the stack'}`,
  ];
  return lines.join('\n');
}
