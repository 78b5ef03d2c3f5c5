import { SirpError } from '../../core/errors/sirp-error';

const PLACEHOLDER = /\$\{([A-Za-z0-9_.:-]+)\}/g;

/**
 * Replaces each `${Name}` of an ASL text with `values[Name]`, as
 * CloudFormation's `DefinitionSubstitutions` does: plain text replacement,
 * values inserted as they are (an ARN, a table name). Throws naming every
 * placeholder left without a value, so a machine never loads with a literal
 * `${ApprovalFunctionArn}` in it.
 *
 * @example
 * applySubstitutions(fs.readFileSync('statemachines/contain.asl.json', 'utf8'), { NotifyFunctionArn: arn })
 */
export function applySubstitutions(text: string, values: Readonly<Record<string, string>>): string {
  const missing = new Set<string>();
  const result = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) {
      missing.add(name);
      return whole;
    }
    return value;
  });
  if (missing.size > 0) {
    throw new SirpError('ENGINE.SUBSTITUTION_MISSING', `no value for ${[...missing].map((name) => `\${${name}}`).join(', ')}`, {
      terminal: true,
    });
  }
  return result;
}
