import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { SirpError, ValidationError } from '../core/errors/sirp-error';
import { loadPlanFile } from '../core/plan/load-plan';
import type { Plan } from '../core/plan/plan.schema';

/** The CDK app cannot pick its plans: the message says what to change. */
export class PlanSelectionError extends SirpError {
  override readonly name = 'PlanSelectionError';

  constructor(message: string) {
    super('PLAN.SELECTION', message, { terminal: true });
  }
}

export interface PlanSelection {
  /** Where the plans are (`orgs/`): one `<org>.yaml` per organization. */
  readonly dir: string;
  /** Only this organization (`cdk synth -c org=<id>`); every plan when absent. */
  readonly org?: string | undefined;
}

const PLAN_EXTENSIONS = new Set(['.yaml', '.yml']);

/** Org id -> plan file, from the file names. */
export function planFiles(dir: string): Map<string, string> {
  const files = readdirSync(dir)
    .filter((file) => PLAN_EXTENSIONS.has(extname(file)))
    .sort();
  return new Map(files.map((file) => [basename(file, extname(file)), join(dir, file)]));
}

/**
 * Loads and validates the plans the app deploys: all of `dir`, or the one
 * `org` names. An unknown org lists the known ones; an invalid plan names its
 * file and every bad field; a file whose `org` differs from its name is
 * refused (the name is how `-c org=` finds it).
 */
export function loadOrgPlans(selection: PlanSelection, load: (path: string) => Plan = loadPlanFile): Plan[] {
  const files = planFiles(selection.dir);
  const known = [...files.keys()];
  if (known.length === 0) throw new PlanSelectionError(`no organization plans (*.yaml) in ${selection.dir}`);
  const chosen = selection.org === undefined ? known : [selection.org];
  return chosen.map((org) => {
    const file = files.get(org);
    if (file === undefined) {
      throw new PlanSelectionError(`unknown org "${org}": the plans in ${selection.dir} are ${known.join(', ')}`);
    }
    const plan = loadNamed(file, load);
    if (plan.org !== org) {
      throw new PlanSelectionError(`${file} declares org "${plan.org}": the file must be named ${plan.org}.yaml`);
    }
    return plan;
  });
}

function loadNamed(file: string, load: (path: string) => Plan): Plan {
  try {
    return load(file);
  } catch (error) {
    if (error instanceof ValidationError) throw new PlanSelectionError(`${file} is not a valid plan: ${error.message}`);
    throw error;
  }
}
