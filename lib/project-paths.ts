import { join, resolve } from 'node:path';

/** The repository root: Lambda entry files and ASL files are found from here, whatever the cwd. */
export const PROJECT_ROOT = resolve(__dirname, '..');

export const projectPath = (relative: string): string => join(PROJECT_ROOT, relative);
