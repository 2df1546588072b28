import { compileGlob } from '../../../src/core/glob';

describe('compileGlob', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything at all', true],
    ['cpu', 'cpu', true],
    ['cpu', 'cpu2', false],
    ['cpu', 'CPU', false],
    ['cpu*', 'cpu', true],
    ['cpu*', 'cpu_util', true],
    ['cpu*', 'xcpu', false],
    ['*_rate', 'in_octets_rate', true],
    ['*_rate', 'in_octets', false],
    ['if?', 'if1', true],
    ['if?', 'if', false],
    ['if?', 'if12', false],
    ['a*b?c', 'a-long-wayb!c', true],
    ['Gi0/0/*', 'Gi0/0/1', true],
    ['Gi0/0/*', 'Gi0/1/1', false],
    ['a.b', 'a.b', true],
    ['a.b*', 'axb', false],
    ['(x)+[y]{2}$^|\\', '(x)+[y]{2}$^|\\', true],
    ['line*', 'line\nbreak', true],
    ['?', '😀', true],
  ])('%p matches %p: %p', (pattern, text, matches) => {
    expect(compileGlob(pattern)(text)).toBe(matches);
  });
});
