import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './cli-io';
import { planValidate } from './plan-validate.command';

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Command {
  /** One or two words: `incidents`, `plan validate`. */
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(values: Values, positionals: string[], io: CliIo): Promise<number> | number;
}

const str = (value: Values[string]): string | undefined => (typeof value === 'string' ? value : undefined);

/** Every command of the CLI, in the order `sirp --help` lists them. */
export const COMMANDS: readonly Command[] = [
  {
    name: 'plan validate',
    usage: 'plan validate <file> [--json]',
    summary: 'check an organization plan; every problem is named by its path',
    options: { json: { type: 'boolean' } },
    run: (values, positionals, io) => planValidate({ file: positionals[0], json: values.json === true }, io),
  },
];

export { str };
