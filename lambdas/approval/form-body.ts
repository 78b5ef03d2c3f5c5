import { badRequestPage, type HtmlResponse, tooLargePage } from '../../core/approval/pages';

/** A decision form is a few hundred bytes; a reason is at most 1,000 characters. 16 KB leaves room and bounds the work. */
export const MAX_FORM_BYTES = 16 * 1024;
/** The base64 text of MAX_FORM_BYTES: anything longer is refused before it is decoded. */
const MAX_BASE64_LENGTH = Math.ceil(MAX_FORM_BYTES / 3) * 4;

export type FormBody = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly page: HtmlResponse };

/**
 * The POSTed form as text: at most 16 KB (413 beyond), base64 bodies decoded
 * (API Gateway and the embedded runtime send binary-safe bodies that way),
 * `application/x-www-form-urlencoded` only (415), valid UTF-8 only (400).
 */
export function readFormBody(request: {
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
  readonly contentType: string | undefined;
}): FormBody {
  const raw = request.body ?? '';
  if (request.isBase64Encoded ? raw.length > MAX_BASE64_LENGTH : Buffer.byteLength(raw, 'utf8') > MAX_FORM_BYTES) {
    return { ok: false, page: tooLargePage() };
  }
  const bytes = request.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_FORM_BYTES) return { ok: false, page: tooLargePage() };
  const mediaType = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    return { ok: false, page: { ...badRequestPage('the decision must be sent from the approval page form'), statusCode: 415 } };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, page: badRequestPage('the form is not valid UTF-8') };
  }
}
