import type { IConstruct } from 'constructs';
import { acknowledge } from './acknowledgements';

/** Findings of the approval API that follow from what it is: a public page behind a personal link. */
export function acknowledgeApprovalApi(scope: IConstruct): void {
  const linkIsTheCredential =
    'The approval link is the credential: an opaque id bound to one person, single-use, expiring with its gate and checked ' +
    'server-side by the approval function before any decision (GET only shows). People approve from a phone mail or SMS ' +
    'client without an account, so a Cognito or IAM authorizer would lock out exactly the Crisis Lead.';
  acknowledge(scope, 'AwsSolutions-APIG4', linkIsTheCredential);
  acknowledge(scope, 'AwsSolutions-COG4', linkIsTheCredential);
  acknowledge(
    scope,
    'AwsSolutions-APIG2',
    'The validator requires the {link} path parameter on every method. Body validation does not apply: POST carries an HTML ' +
      'form (application/x-www-form-urlencoded) that API Gateway JSON-schema models cannot describe; the approval function validates it with zod.',
  );
  const executionLogging =
    'Access logs (without the link) are on. Execution logging needs the account-wide API Gateway CloudWatch role, ' +
    'a per-account-and-region singleton that one org stack must not own; the account baseline can enable it.';
  acknowledge(scope, 'AwsSolutions-APIG6', executionLogging);
  acknowledge(scope, 'NIST.800.53.R5-APIGWExecutionLoggingEnabled', executionLogging);
  const waf =
    'A handful of people use this API. Stage throttling (20 rps, burst 40), unguessable single-use links and a TLS 1.2+ ' +
    'policy bound it; a WAF web ACL costs more than the stack and the organization can attach its shared one to the stage.';
  acknowledge(scope, 'AwsSolutions-APIG3', waf);
  acknowledge(scope, 'NIST.800.53.R5-APIGWAssociatedWithWAF', waf);
  acknowledge(
    scope,
    'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
    'Every response is personal and changes after a decision: caching one would show a stale or another decision. The stage has no cache.',
  );
  acknowledge(
    scope,
    'NIST.800.53.R5-APIGWSSLEnabled',
    'Client certificates let an HTTP backend authenticate API Gateway; the only backend is a Lambda proxy integration, which Lambda authorizes with IAM.',
  );
}
