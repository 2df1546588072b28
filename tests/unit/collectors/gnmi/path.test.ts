import { elementsOf, formatPath, parsePath, schemaPath } from '../../../../src/collectors/gnmi/path';

test.each([
  ['/', { elem: [] }],
  ['/system/state', { elem: [{ name: 'system' }, { name: 'state' }] }],
  [
    '/interfaces/interface[name=Ethernet1/1]/state',
    {
      elem: [{ name: 'interfaces' }, { name: 'interface', key: { name: 'Ethernet1/1' } }, { name: 'state' }],
    },
  ],
  ['/a[x=1][y=*]', { elem: [{ name: 'a', key: { x: '1', y: '*' } }] }],
  ['/a[x=b\\]c]', { elem: [{ name: 'a', key: { x: 'b]c' } }] }],
  ['openconfig:/a', { origin: 'openconfig', elem: [{ name: 'a' }] }],
  ['rfc7951:', { origin: 'rfc7951', elem: [] }],
])('parsePath(%s)', (text, expected) => {
  expect(parsePath(text)).toEqual(expected);
});

test.each([
  ['a/b', /must start with "\/"/],
  ['/a//b', /empty element/],
  ['/a[x]', /key without "="/],
  ['/a[x=1', /unclosed "\["/],
  ['/a[x=1][x=2]', /repeats key "x"/],
  ['/a[x=1]b', /text after "\]"/],
  ['/a[=1]', /invalid key name ""/],
])('parsePath(%s) throws a clear error', (text, message) => {
  expect(() => parsePath(text)).toThrow(message);
});

test('schemaPath drops keys, formatPath keeps them sorted', () => {
  const path = parsePath('/interfaces/interface[name=eth0][unit=0]/state');
  expect(schemaPath(elementsOf(path))).toBe('/interfaces/interface/state');
  expect(formatPath(path)).toBe('/interfaces/interface[name=eth0][unit=0]/state');
  expect(formatPath({ origin: 'oc', elem: [] })).toBe('oc:/');
  expect(formatPath(null)).toBe('/');
});

test('elementsOf reads the deprecated string elements too', () => {
  expect(elementsOf({ element: ['a', 'b'] })).toEqual([{ name: 'a' }, { name: 'b' }]);
  expect(elementsOf({ elem: [], element: [] })).toEqual([]);
});
