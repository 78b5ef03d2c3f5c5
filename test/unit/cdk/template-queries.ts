import type { Template } from 'aws-cdk-lib/assertions';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
}

/** Every resource of a type, as [logicalId, resource] pairs. */
export function resourcesOf(template: Template, type: string): [string, CfnResource][] {
  return Object.entries(template.findResources(type)) as [string, CfnResource][];
}

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
}

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Statements of identity policies (AWS::IAM::Policy, managed policies, inline role policies), with their logical id. */
export function identityStatements(template: Template): [string, Statement][] {
  const out: [string, Statement][] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, r] of resourcesOf(template, type)) {
      const doc = r.Properties?.PolicyDocument as { Statement: Statement[] };
      for (const s of doc.Statement) out.push([id, s]);
    }
  }
  for (const [id, r] of resourcesOf(template, 'AWS::IAM::Role')) {
    const inline = (r.Properties?.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[];
    for (const p of inline) for (const s of p.PolicyDocument.Statement) out.push([id, s]);
  }
  return out;
}

/** The logical id of the resource whose physical name property equals `name`. */
export function logicalIdByName(template: Template, type: string, nameProperty: string, name: string): string {
  const found = resourcesOf(template, type).find(([, r]) => r.Properties?.[nameProperty] === name);
  if (found === undefined) throw new Error(`no ${type} with ${nameProperty}=${name}`);
  return found[0];
}

/** The statements of the policy attached to a role. */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  return resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, r]) => (r.Properties?.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId })))
    .flatMap(([, r]) => (r.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}
