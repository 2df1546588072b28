import { compileRules } from '../../../src/alerting/rule-matcher';
import type { RuleConfig } from '../../../src/config/schema';
import type { Sample } from '../../../src/core/sample';

function rule(match: Partial<RuleConfig['match']> = {}): RuleConfig {
  return {
    match: { measurement: '*', fields: ['*'], tags: {}, ...match },
    detector: { type: 'zscore', window: 60, min_points: 20, sigma: 3 },
    threshold: 0.9,
    severity: 'warning',
    labels: {},
  };
}

function sample(overrides: Partial<Sample> = {}): Sample {
  return {
    measurement: 'interface',
    tags: { device: 'edge-r1', if_name: 'Gi0/0/1' },
    fields: { in_octets: 1 },
    time: 0,
    source: 'snmp-core',
    ...overrides,
  };
}

describe('compileRules', () => {
  describe('a single rule selects a field when every part of its match does', () => {
    it.each<[string, Partial<RuleConfig['match']>, Partial<Sample>, string, boolean]>([
      ['the default match', {}, {}, 'in_octets', true],
      ['measurement', { measurement: 'interface' }, {}, 'in_octets', true],
      ['other measurement', { measurement: 'system' }, {}, 'in_octets', false],
      ['measurement glob', { measurement: 'inter*' }, {}, 'in_octets', true],
      ['field glob', { fields: ['*_rate'] }, {}, 'in_octets_rate', true],
      ['field glob, other field', { fields: ['*_rate'] }, {}, 'in_octets', false],
      ['any of several fields', { fields: ['cpu', 'in_?ctets'] }, {}, 'in_octets', true],
      ['tag value', { tags: { device: 'edge-r1' } }, {}, 'in_octets', true],
      ['tag value glob', { tags: { device: 'edge-*' } }, {}, 'in_octets', true],
      ['other tag value', { tags: { device: 'core-*' } }, {}, 'in_octets', false],
      ['every tag pattern', { tags: { device: 'edge-*', if_name: 'Te*' } }, {}, 'in_octets', false],
      ['tag that must exist', { tags: { site: '*' } }, {}, 'in_octets', false],
      ['empty tag counts as absent', { tags: { site: '*' } }, { tags: { site: '' } }, 'in_octets', false],
      ['collector', { collectors: ['snmp-core'] }, {}, 'in_octets', true],
      ['other collector', { collectors: ['gnmi'] }, {}, 'in_octets', false],
      ['empty collector list', { collectors: [] }, {}, 'in_octets', false],
      ['tag name from the prototype', { tags: { toString: '*' } }, { tags: {} }, 'in_octets', false],
    ])('%s', (_, match, overrides, field, selected) => {
      const matcher = compileRules({ only: rule(match) });
      expect(matcher(sample(overrides), field)?.name).toBe(selected ? 'only' : undefined);
    });
  });

  it('tries rules in insertion order; the first that selects a field owns it', () => {
    const matcher = compileRules({
      rates: rule({ fields: ['*_rate'] }),
      edge: rule({ tags: { device: 'edge-*' } }),
      everything: rule(),
    });
    expect(matcher(sample(), 'in_octets_rate')?.name).toBe('rates');
    expect(matcher(sample(), 'in_octets')?.name).toBe('edge');
    expect(matcher(sample({ tags: { device: 'core-sw1' } }), 'in_octets')?.name).toBe('everything');
  });

  it('hands out the rule with its settings, the same object every time', () => {
    const settings = rule({ measurement: 'interface' });
    const matcher = compileRules({ traffic: settings });
    const first = matcher(sample(), 'in_octets');
    expect(first).toEqual({ name: 'traffic', config: settings });
    expect(matcher(sample(), 'out_octets')).toBe(first);
  });

  it('selects nothing without rules', () => {
    expect(compileRules({})(sample(), 'in_octets')).toBeUndefined();
  });
});
