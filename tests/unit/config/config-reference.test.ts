import { readFileSync } from 'node:fs';
import { REFERENCE_FILE, renderConfigReference } from '../../../scripts/config-reference';

describe('docs/config-reference.md', () => {
  it('matches the schema', () => {
    if (readFileSync(REFERENCE_FILE, 'utf8') !== renderConfigReference()) {
      throw new Error(
        'docs/config-reference.md is out of date with the config schema: run `npm run docs:config`',
      );
    }
  });
});
