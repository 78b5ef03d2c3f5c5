import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { ValidationError } from '../errors/sirp-error';
import { describeValue, formatPath, type IssueReason } from '../validation/zod-issues';
import { type Plan, PlanSchema } from './plan.schema';

export type PlanParseResult = { readonly ok: true; readonly plan: Plan } | { readonly ok: false; readonly issues: IssueReason[] };

/** Plans are small; a huge file is a mistake or an attack on the YAML parser. */
const MAX_PLAN_BYTES = 512 * 1024;

/**
 * Parses and validates a plan written in YAML (or JSON, which is YAML).
 * Returns every problem, each named by its path, so one run of
 * `sirp plan validate` shows everything to fix.
 */
export function parsePlanText(text: string): PlanParseResult {
  if (Buffer.byteLength(text) > MAX_PLAN_BYTES) {
    return { ok: false, issues: [{ path: '$', message: `is larger than ${MAX_PLAN_BYTES / 1024} KB` }] };
  }
  // Without prettyErrors the parser leaves `linePos` unset, so lines come from our own counter.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({ path: `line ${lineCounter.linePos(e.pos[0]).line}`, message: e.message })),
    };
  }
  // Aliases are refused: a plan has no use for them and they enable "billion laughs".
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    return { ok: false, issues: [{ path: '$', message: `cannot be read: ${(error as Error).message}` }] };
  }
  const result = PlanSchema.safeParse(data, { reportInput: true });
  if (result.success) return { ok: true, plan: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message:
        issue.code === 'invalid_type' && issue.input === undefined
          ? `is required (expected ${issue.expected})`
          : 'input' in issue && issue.input !== undefined && typeof issue.input !== 'object'
            ? `${issue.message}, got ${describeValue(issue.input)}`
            : issue.message,
    })),
  };
}

/** Reads and validates a plan file; throws a ValidationError listing every problem. */
export function loadPlanFile(path: string): Plan {
  const result = parsePlanText(readFileSync(path, 'utf8'));
  if (!result.ok) throw new ValidationError(result.issues);
  return result.plan;
}
