import { z } from 'zod';

/**
 * Validates a function's environment once; a missing variable fails with its
 * name, never with a `!` assertion deep in a handler.
 */
export function loadEnv<S extends z.ZodObject>(schema: S): z.infer<S> {
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const names = result.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`environment is missing or invalid: ${names}`);
  }
  return result.data;
}

export const BaseEnvSchema = z.object({
  SIRP_ORG: z.string().min(1),
  TABLE_NAME: z.string().min(1),
});
