import { z } from 'zod';
import { ConfigError, formatIssue } from '../../../src/config/errors';
import { secretReference } from '../../../src/config/secrets';
import { validateYaml } from '../../../src/config/validate';

/** Devices by name, each with a community string that must be a reference, as an SNMP collector would have. */
const schema = z.strictObject({
  devices: z.record(
    z.string(),
    z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('snmp'), host: z.string(), community: secretReference() }),
      z.strictObject({ type: z.literal('ping'), host: z.string() }),
    ]),
  ),
});

const ENV = { SNMP_COMMUNITY: 'n0c-r3ad' };

function validate(community: string) {
  const text = `devices:\n  r1:\n    type: snmp\n    host: r1.lab\n    community: ${community}\n`;
  return validateYaml(schema, text, { file: 'x.yaml', env: ENV });
}

function issuesOf(community: string): string[] {
  try {
    validate(community);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected the config to be invalid');
}

const INLINE =
  'x.yaml:5:16: devices.r1.community: secrets must be given as ${env:NAME} or ${file:PATH}, never inline';

describe('secretReference()', () => {
  it('accepts one reference and reports its value as a secret', () => {
    const validated = validate('${env:SNMP_COMMUNITY}');
    expect(validated.value.devices.r1).toEqual({ type: 'snmp', host: 'r1.lab', community: 'n0c-r3ad' });
    expect(validated.secrets).toEqual(['n0c-r3ad']);
  });

  it.each([
    ['an inline string', 'public'],
    ['an inline number', '12345'],
    ['a reference with inline text around it', 'x${env:SNMP_COMMUNITY}'],
  ])('rejects %s without quoting it', (_, community) => {
    const issues = issuesOf(community);
    expect(issues).toEqual([INLINE]);
    expect(issues.join('\n')).not.toContain(community);
  });

  it('leaves other string options free to hold inline text', () => {
    expect(() =>
      validateYaml(schema, 'devices:\n  r1: { type: ping, host: r1.lab }\n', { file: 'x.yaml', env: {} }),
    ).not.toThrow();
  });
});
