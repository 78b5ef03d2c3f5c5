import { z } from 'zod';

/**
 * Request bodies of the SFN operations the endpoint serves, with AWS's field
 * names and length limits (API reference). Unknown fields are ignored, as
 * newer SDKs send some (`includedData`).
 */

const arn = z.string().min(1).max(256);
const taskToken = z.string().min(1).max(2048);
const nextToken = z.string().min(1).max(3096);
const maxResults = z.int().min(0).max(1000);
const error = z.string().max(256);
const cause = z.string().max(32_768);
const payload = z.string().max(262_144);
const includedData = z.enum(['ALL_DATA', 'METADATA_ONLY']);

export const StartExecutionRequestSchema = z.object({
  stateMachineArn: arn,
  name: z.string().min(1).max(80).optional(),
  input: payload.optional(),
  traceHeader: z.string().max(256).optional(),
});

export const DescribeExecutionRequestSchema = z.object({ executionArn: arn, includedData: includedData.optional() });

export const ListExecutionsRequestSchema = z.object({
  stateMachineArn: arn,
  statusFilter: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']).optional(),
  maxResults: maxResults.optional(),
  nextToken: nextToken.optional(),
});

export const GetExecutionHistoryRequestSchema = z.object({
  executionArn: arn,
  maxResults: maxResults.optional(),
  reverseOrder: z.boolean().optional(),
  nextToken: nextToken.optional(),
  includeExecutionData: z.boolean().optional(),
});

export const StopExecutionRequestSchema = z.object({ executionArn: arn, error: error.optional(), cause: cause.optional() });

export const SendTaskSuccessRequestSchema = z.object({ taskToken, output: payload });

export const SendTaskFailureRequestSchema = z.object({ taskToken, error: error.optional(), cause: cause.optional() });

export const SendTaskHeartbeatRequestSchema = z.object({ taskToken });

export const ListStateMachinesRequestSchema = z.object({ maxResults: maxResults.optional(), nextToken: nextToken.optional() });

export const DescribeStateMachineRequestSchema = z.object({ stateMachineArn: arn, includedData: includedData.optional() });
