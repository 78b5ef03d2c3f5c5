/**
 * SNS subscription filter policies, MessageAttributes scope (the one sirp's
 * subscriptions use), following the operators the SNS developer guide
 * documents: exact string and numeric values, `prefix`, `suffix`,
 * `equals-ignore-case`, `anything-but` (values, `prefix`, `suffix`), `numeric`
 * ranges, `exists`, and `$or`. A subscription accepts a message when every
 * policy key matches; a key matches when at least one of its conditions does.
 * Payload-based filtering (FilterPolicyScope MessageBody) and `cidr` are not
 * implemented: such a policy is refused when it is parsed, never silently
 * treated as matching.
 */

/** One message attribute as SNS receives it (`Value.DataType`, `Value.StringValue`/`BinaryValue`). */
export interface MessageAttribute {
  readonly dataType: string;
  readonly value: string;
}
export type MessageAttributes = Readonly<Record<string, MessageAttribute>>;

type NumericOperator = '=' | '<' | '<=' | '>' | '>=';
type Condition =
  | { readonly kind: 'equals'; readonly value: string | number }
  | { readonly kind: 'exists'; readonly value: boolean }
  | { readonly kind: 'prefix' | 'suffix' | 'equals-ignore-case'; readonly value: string }
  | { readonly kind: 'anything-but'; readonly values: readonly (string | number)[] }
  | { readonly kind: 'anything-but-prefix' | 'anything-but-suffix'; readonly value: string }
  | { readonly kind: 'numeric'; readonly comparisons: readonly (readonly [NumericOperator, number])[] };

/** A parsed, validated filter policy. */
export interface FilterPolicy {
  readonly keys: ReadonlyMap<string, readonly Condition[]>;
  /** Alternatives from `$or`: at least one must match as well. */
  readonly anyOf: readonly FilterPolicy[];
  /** The policy as written, for ListSubscriptionsByTopic and error messages. */
  readonly source: unknown;
}

export type FilterResult = { readonly matched: true } | { readonly matched: false; readonly reason: string };

/** A filter policy SNS would refuse (`InvalidParameter` at Subscribe / SetSubscriptionAttributes). */
export class FilterPolicyError extends Error {
  override readonly name = 'FilterPolicyError';
}

const NUMERIC_OPERATORS: readonly string[] = ['=', '<', '<=', '>', '>='];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses a policy from its JSON text or an object (as the CDK writes it). */
export function parseFilterPolicy(policy: string | object): FilterPolicy {
  let source: unknown = policy;
  if (typeof policy === 'string') {
    try {
      source = JSON.parse(policy);
    } catch (error) {
      throw new FilterPolicyError('Invalid parameter: FilterPolicy: failed to parse JSON', { cause: error });
    }
  }
  return parsePolicyObject(source, '');
}

function parsePolicyObject(source: unknown, path: string): FilterPolicy {
  if (!isRecord(source) || Object.keys(source).length === 0) {
    throw new FilterPolicyError(`Invalid parameter: FilterPolicy${path}: must be a non-empty JSON object`);
  }
  const keys = new Map<string, readonly Condition[]>();
  let anyOf: FilterPolicy[] = [];
  for (const [key, value] of Object.entries(source)) {
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) {
        throw new FilterPolicyError(`Invalid parameter: FilterPolicy${path}.$or: must list at least two alternatives`);
      }
      anyOf = value.map((alternative, i) => parsePolicyObject(alternative, `${path}.$or[${i}]`));
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new FilterPolicyError(`Invalid parameter: FilterPolicy${path}.${key}: empty list`);
      keys.set(key, value.map((condition, i) => parseCondition(condition, `${path}.${key}[${i}]`)));
    } else {
      // Nested objects are how payload-based policies address body properties.
      throw new FilterPolicyError(`Invalid parameter: FilterPolicy${path}.${key}: must be a list of conditions (nested, payload-based policies are not supported)`);
    }
  }
  return { keys, anyOf, source };
}

function parseCondition(condition: unknown, path: string): Condition {
  if (typeof condition === 'string' || (typeof condition === 'number' && Number.isFinite(condition))) return { kind: 'equals', value: condition };
  const bad = (why: string): FilterPolicyError => new FilterPolicyError(`Invalid parameter: FilterPolicy${path}: ${why}`);
  if (!isRecord(condition)) throw bad('must be a string, a number or an operator object');
  const entries = Object.entries(condition);
  const [operator, operand] = entries[0] ?? [];
  if (entries.length !== 1 || operator === undefined) throw bad('an operator object has exactly one operator');
  switch (operator) {
    case 'exists':
      if (typeof operand !== 'boolean') throw bad('exists takes true or false');
      return { kind: 'exists', value: operand };
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
      if (typeof operand !== 'string') throw bad(`${operator} takes a string`);
      return { kind: operator, value: operand };
    case 'anything-but':
      return parseAnythingBut(operand, bad);
    case 'numeric':
      return { kind: 'numeric', comparisons: parseNumeric(operand, bad) };
    default:
      throw bad(`unsupported operator "${operator}"`);
  }
}

function parseAnythingBut(operand: unknown, bad: (why: string) => FilterPolicyError): Condition {
  if (typeof operand === 'string' || typeof operand === 'number') return { kind: 'anything-but', values: [operand] };
  if (Array.isArray(operand) && operand.length > 0 && operand.every((v): v is string | number => typeof v === 'string' || typeof v === 'number')) {
    return { kind: 'anything-but', values: operand };
  }
  if (isRecord(operand) && Object.keys(operand).length === 1) {
    if (typeof operand.prefix === 'string') return { kind: 'anything-but-prefix', value: operand.prefix };
    if (typeof operand.suffix === 'string') return { kind: 'anything-but-suffix', value: operand.suffix };
  }
  throw bad('anything-but takes a value, a list of values, {"prefix": ...} or {"suffix": ...}');
}

function parseNumeric(operand: unknown, bad: (why: string) => FilterPolicyError): [NumericOperator, number][] {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0 || operand.length > 4) {
    throw bad('numeric takes one or two [operator, number] pairs');
  }
  const comparisons: [NumericOperator, number][] = [];
  for (let i = 0; i < operand.length; i += 2) {
    const operator: unknown = operand[i];
    const value: unknown = operand[i + 1];
    if (typeof operator !== 'string' || !NUMERIC_OPERATORS.includes(operator) || typeof value !== 'number') {
      throw bad('numeric takes one or two [operator, number] pairs');
    }
    comparisons.push([operator as NumericOperator, value]);
  }
  if (comparisons.length === 2 && (comparisons[0]?.[0] === '=' || comparisons[1]?.[0] === '=')) throw bad('"=" cannot be part of a range');
  return comparisons;
}

/**
 * The values filtering sees: a String.Array contributes each element (SNS
 * matches them one by one), a Number its numeric value; Binary attributes
 * exist but have no value a policy can match.
 */
function valuesOf(attribute: MessageAttribute): (string | number)[] {
  const type = attribute.dataType.split('.')[0];
  if (attribute.dataType === 'String.Array') {
    try {
      const parsed: unknown = JSON.parse(attribute.value);
      return Array.isArray(parsed) ? parsed.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number') : [];
    } catch {
      return [];
    }
  }
  if (type === 'Number') return [Number(attribute.value)];
  if (type === 'String') return [attribute.value];
  return [];
}

const compare = (value: number, [operator, bound]: readonly [NumericOperator, number]): boolean => {
  switch (operator) {
    case '=': return value === bound;
    case '<': return value < bound;
    case '<=': return value <= bound;
    case '>': return value > bound;
    case '>=': return value >= bound;
  }
};

function valueMatches(condition: Condition, value: string | number): boolean {
  switch (condition.kind) {
    case 'equals': return value === condition.value;
    case 'exists': return condition.value;
    case 'prefix': return typeof value === 'string' && value.startsWith(condition.value);
    case 'suffix': return typeof value === 'string' && value.endsWith(condition.value);
    case 'equals-ignore-case': return typeof value === 'string' && value.toLowerCase() === condition.value.toLowerCase();
    // Per element for String.Array, as the developer guide's example shows
    // (["rugby","baseball"] matches anything-but ["rugby","tennis"]).
    case 'anything-but': return !condition.values.includes(value);
    case 'anything-but-prefix': return typeof value === 'string' && !value.startsWith(condition.value);
    case 'anything-but-suffix': return typeof value === 'string' && !value.endsWith(condition.value);
    case 'numeric': return typeof value === 'number' && Number.isFinite(value) && condition.comparisons.every((c) => compare(value, c));
  }
}

function keyMatches(conditions: readonly Condition[], attribute: MessageAttribute | undefined, attributes: MessageAttributes): boolean {
  if (attribute === undefined) {
    // `"exists": false` matches an absent key only when the message has some attributes at all.
    return conditions.some((c) => c.kind === 'exists' && !c.value) && Object.keys(attributes).length > 0;
  }
  const values = valuesOf(attribute);
  return conditions.some((condition) =>
    condition.kind === 'exists' ? condition.value : values.some((value) => valueMatches(condition, value)));
}

const describeAttribute = (attribute: MessageAttribute | undefined): string =>
  attribute === undefined ? 'is absent' : `is ${JSON.stringify(attribute.value)}`;

/** Whether a subscription with `policy` receives a message with `attributes`, and if not, why. */
export function matchFilterPolicy(policy: FilterPolicy, attributes: MessageAttributes): FilterResult {
  for (const [key, conditions] of policy.keys) {
    const attribute = attributes[key];
    if (!keyMatches(conditions, attribute, attributes)) {
      return { matched: false, reason: `${key} ${describeAttribute(attribute)}, the policy wants ${JSON.stringify((policy.source as Record<string, unknown>)[key])}` };
    }
  }
  if (policy.anyOf.length > 0) {
    const results = policy.anyOf.map((alternative) => matchFilterPolicy(alternative, attributes));
    if (!results.some((result) => result.matched)) {
      return { matched: false, reason: `no $or alternative matches (${results.map((r) => (r.matched ? '' : r.reason)).join('; ')})` };
    }
  }
  return { matched: true };
}
