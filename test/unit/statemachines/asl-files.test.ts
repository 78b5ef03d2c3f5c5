import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import { aslPath, MACHINES } from '../../../core/workflow/workflow-names';
import { PROJECT_ROOT } from '../../../lib/project-paths';

const DIR = join(PROJECT_ROOT, 'statemachines');
const files = readdirSync(DIR).filter((f) => f.endsWith('.asl.json')).sort();

describe('ASL files', () => {
  it('has exactly one file per machine the stack builds', () => {
    expect(files).toEqual(MACHINES.map((m) => aslPath(m).replace('statemachines/', '')).sort());
  });

  it.each(files)('%s is valid Amazon States Language, placeholders included', (file) => {
    const result = aslValidator(JSON.parse(readFileSync(join(DIR, file), 'utf8')), { checkPaths: true, checkArn: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });
});
