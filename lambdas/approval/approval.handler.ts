// Placeholder so the CDK app can bundle; the real handler replaces this file.
export const handler = async (_event: unknown) => { throw new Error('not wired yet'); };
