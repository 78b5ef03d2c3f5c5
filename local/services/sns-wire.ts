import type { ServerResponse } from 'node:http';
import type { MessageAttribute } from './filter-policy';

/**
 * The SNS query protocol as `@aws-sdk/client-sns` 3.1164 speaks it (checked on
 * the wire, it uses `AwsQueryProtocol`): a form-encoded POST
 * (`Action=Publish&Version=2010-03-31&...`, lists as `X.member.N`, maps as
 * `X.entry.N.Name|Value`), answered with XML in the 2010-03-31 namespace.
 * Errors are `<ErrorResponse>` documents whose `Code` is the SNS query error
 * code (`NotFound`, `InvalidParameter`): the SDK turns that code into the
 * modeled exception (`NotFoundException`, `InvalidParameterException`).
 */

export const SNS_XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** An SNS error as the query protocol reports it. */
export class SnsError extends Error {
  override readonly name = 'SnsError';

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
  }
}

export const invalidParameter = (message: string): SnsError => new SnsError('InvalidParameter', 400, `Invalid parameter: ${message}`);

export const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

/** `<Tag>escaped value</Tag>`, or nothing when the value is absent. */
export const element = (tag: string, value: string | undefined): string =>
  value === undefined ? '' : `<${tag}>${escapeXml(value)}</${tag}>`;

export function sendXml(res: ServerResponse, status: number, requestId: string, xml: string): void {
  const body = `<?xml version="1.0"?>\n${xml}`;
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(body),
    // The SDK reads $metadata.requestId from this header.
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}

export function sendResult(res: ServerResponse, action: string, requestId: string, resultXml: string): void {
  sendXml(res, 200, requestId,
    `<${action}Response xmlns="${SNS_XMLNS}"><${action}Result>${resultXml}</${action}Result>`
    + `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`);
}

export function sendError(res: ServerResponse, requestId: string, error: SnsError): void {
  sendXml(res, error.status, requestId,
    `<ErrorResponse xmlns="${SNS_XMLNS}"><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code>`
    + `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`);
}

/** The request parameters, form body and query string together (SNS accepts both). */
export type QueryParams = ReadonlyMap<string, string>;

export function parseQueryParams(body: string, search: string): QueryParams {
  const params = new Map<string, string>();
  for (const source of [new URLSearchParams(search), new URLSearchParams(body)]) {
    for (const [key, value] of source) params.set(key, value);
  }
  return params;
}

/**
 * Groups `<prefix>.<N>.<rest>` parameters by N, in N order:
 * `indexed(p, 'MessageAttributes.entry')` gives one map per attribute.
 */
export function indexed(params: QueryParams, prefix: string): QueryParams[] {
  const groups = new Map<number, Map<string, string>>();
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)\\.(.+)$`);
  for (const [key, value] of params) {
    const match = pattern.exec(key);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const index = Number(match[1]);
    const group = groups.get(index) ?? new Map<string, string>();
    group.set(match[2], value);
    groups.set(index, group);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

/** Sub-parameters under `<prefix>.`, for one member of a batch. */
export function scoped(params: QueryParams, prefix: string): QueryParams {
  const inner = new Map<string, string>();
  for (const [key, value] of params) if (key.startsWith(`${prefix}.`)) inner.set(key.slice(prefix.length + 1), value);
  return inner;
}

// SNS allows up to 10 message attributes per message.
const MAX_ATTRIBUTES = 10;

/** `MessageAttributes.entry.N.{Name,Value.DataType,Value.StringValue|Value.BinaryValue}`, validated as SNS does. */
export function parseMessageAttributes(params: QueryParams): Record<string, MessageAttribute> {
  const entries = indexed(params, 'MessageAttributes.entry');
  if (entries.length > MAX_ATTRIBUTES) throw invalidParameter(`MessageAttributes: at most ${MAX_ATTRIBUTES} attributes`);
  const attributes: Record<string, MessageAttribute> = {};
  for (const entry of entries) {
    const name = entry.get('Name');
    const dataType = entry.get('Value.DataType');
    const value = entry.get('Value.StringValue') ?? entry.get('Value.BinaryValue');
    if (name === undefined || name === '') throw invalidParameter('MessageAttributes: an attribute has no Name');
    if (dataType === undefined || !/^(String|Number|Binary)(\.[A-Za-z0-9_.-]+)?$/.test(dataType)) {
      throw new SnsError('ParameterValueInvalid', 400, `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    }
    if (value === undefined || value === '') {
      throw new SnsError('ParameterValueInvalid', 400, `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);
    }
    if (dataType.startsWith('Number') && !Number.isFinite(Number(value))) {
      throw new SnsError('ParameterValueInvalid', 400, `Could not cast message attribute '${name}' value to number.`);
    }
    if (dataType === 'String.Array' && !isJsonArray(value)) {
      throw new SnsError('ParameterValueInvalid', 400, `The message attribute '${name}' with type 'String.Array' has an invalid value: it must be a JSON array.`);
    }
    attributes[name] = { dataType, value };
  }
  return attributes;
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}
