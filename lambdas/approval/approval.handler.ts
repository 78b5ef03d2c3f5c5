import { Logger } from '@aws-lambda-powertools/logger';
import { APIGatewayProxyEventSchema } from '@aws-lambda-powertools/parser/schemas/api-gateway';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { badRequestPage, errorPage, type HtmlResponse, methodNotAllowedPage } from '../../core/approval/pages';
import { type ApprovalDeps, type ApprovalLogger, errorName, showApproval, submitApproval } from './approval-service';
import { type Clock, systemClock } from '../../core/time/clock';
import { wireApproval } from './approval-wiring';
import { readFormBody } from './form-body';

/**
 * The parts of API Gateway's REST proxy event the approval page reads, taken
 * from Powertools' schema (not re-described); the rest of the request context
 * is not needed and the embedded runtime does not invent it.
 */
export const ApprovalEventSchema = APIGatewayProxyEventSchema.pick({
  httpMethod: true,
  path: true,
  headers: true,
  pathParameters: true,
  body: true,
  isBase64Encoded: true,
});

const header = (headers: Readonly<Record<string, string>> | null | undefined, name: string): string | undefined =>
  Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

/**
 * `/a/{link}`: GET and HEAD show the approval and change nothing (mail
 * scanners open every link); POST, from the page's form, decides. Everything
 * else is 405. Unexpected failures are a generic 500: the log gets the error's
 * name, the page gets no details.
 */
export function createApprovalHandler(deps: () => ApprovalDeps, logger: ApprovalLogger) {
  // Parsed here rather than with Powertools' parser middleware so the handler keeps
  // API Gateway's event type for its callers (the embedded runtime calls it directly).
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>().handler(async (input): Promise<APIGatewayProxyResult> => {
      const parsed = ApprovalEventSchema.safeParse(input);
      if (!parsed.success) {
        logger.warn('approval request is not an API Gateway proxy event');
        return badRequestPage('the request is not an approval request');
      }
      const event = parsed.data;
      const link = event.pathParameters?.link ?? '';
      try {
        const wired = deps();
        switch (event.httpMethod) {
          case 'GET':
            return await showApproval(wired, link);
          case 'HEAD':
            return withoutBody(await showApproval(wired, link));
          case 'POST': {
            const body = readFormBody({ body: event.body, isBase64Encoded: event.isBase64Encoded, contentType: header(event.headers, 'content-type') });
            if (!body.ok) return body.page;
            return await submitApproval(wired, link, { body: body.text, secFetchSite: header(event.headers, 'sec-fetch-site') });
          }
          default:
            return methodNotAllowedPage();
        }
      } catch (error) {
        logger.error('approval request failed', { error: errorName(error) });
        return errorPage(500);
      }
    });
}

const withoutBody = (page: HtmlResponse): HtmlResponse => ({ ...page, body: '' });

const logger = new Logger({ serviceName: 'sirp-approval' });
let wired: ApprovalDeps | undefined;
let clock: Clock = systemClock;

/** The deployed handler: wired on first use (not at import), once per container. */
export const handler = createApprovalHandler(() => (wired ??= wireApproval(logger, clock)), logger);

/**
 * The embedded runtime's incident time (a drill compresses it): expiry and
 * acknowledgement windows are judged on the same time line as the engine's
 * task timeouts. Lambda never calls this and keeps the wall clock.
 */
export function useApprovalClock(runtimeClock: Clock): void {
  clock = runtimeClock;
  wired = undefined;
}

/** Drops this container's cached signing keys: the embedded runtime calls it right after `sirp secret rotate`. */
export function forgetSigningKeys(): void {
  wired?.secrets.forget();
}
