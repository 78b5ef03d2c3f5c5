/**
 * The `sirp` CLI. Each command lives in `local/cli/`; this file only routes.
 *
 * @example
 *   npx sirp plan validate orgs/example.yaml
 *   npx sirp local --port 8080
 *   npx sirp trigger test/fixtures/events/cloudwatch/alarm-state-change.json
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { COMMANDS } from '../local/cli/commands';
import { CliError, EXIT, processIo } from '../local/cli/cli-io';

async function main(argv: string[]): Promise<number> {
  const [first, second] = argv;
  const command =
    COMMANDS.find((c) => c.name === `${first ?? ''} ${second ?? ''}`) ?? COMMANDS.find((c) => c.name === first);
  if (command === undefined || first === '--help' || first === 'help') {
    processIo.out(usage());
    return first === undefined || first === '--help' || first === 'help' ? EXIT.ok : EXIT.badInput;
  }
  const rest = argv.slice(command.name.split(' ').length);
  const config: ParseArgsConfig = { args: rest, options: command.options, allowPositionals: true, strict: true };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    throw new CliError(`${(error as Error).message}\nusage: sirp ${command.usage}`, EXIT.badInput);
  }
  return command.run(parsed.values, parsed.positionals, processIo);
}

function usage(): string {
  return ['usage: sirp <command>', '', ...COMMANDS.map((c) => `  sirp ${c.usage.padEnd(62)} ${c.summary}`)].join('\n');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      processIo.err(`sirp: ${error.message}`);
      process.exitCode = error.exitCode;
    } else {
      processIo.err(`sirp: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = EXIT.failure;
    }
  },
);
