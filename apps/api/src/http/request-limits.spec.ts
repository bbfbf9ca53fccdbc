import { fieldWithNul, jsonHasMoreMembersThan, jsonNestsDeeperThan } from './request-limits';

describe('jsonNestsDeeperThan', () => {
  it('counts arrays and objects inside each other', () => {
    expect(jsonNestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(jsonNestsDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(jsonNestsDeeperThan('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":{"b":[{}]}}', 3)).toBe(true);
  });

  it('measures depth, not the number of siblings', () => {
    expect(jsonNestsDeeperThan(JSON.stringify(Array.from({ length: 10_000 }, () => [1])), 2)).toBe(false);
  });

  it('skips brackets inside strings, escaped quotes included', () => {
    expect(jsonNestsDeeperThan(JSON.stringify({ a: '[[[[{{{{' }), 1)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify({ a: 'say \\"[[[[' }), 1)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify({ a: '"', b: [[[1]]] }), 3)).toBe(true);
  });

  it('reads 100,000 open brackets without recursion', () => {
    expect(jsonNestsDeeperThan('['.repeat(100_000), 64)).toBe(true);
  });
});

describe('fieldWithNul', () => {
  it('names the path of the first string holding NUL', () => {
    expect(fieldWithNul({ title: 'ok', outputDocuments: [{ number: 'ok' }, { number: 'b\u0000d' }] })).toBe('outputDocuments.1.number');
    expect(fieldWithNul({ q: 'a\u0000' })).toBe('q');
    expect(fieldWithNul('\u0000')).toBe('body');
  });

  it('finds NUL in keys too', () => {
    expect(fieldWithNul({ 'a\u0000b': 1 })).toBe('a\\u0000b');
  });

  it('passes everything else', () => {
    expect(fieldWithNul({ a: 'Sở Nội vụ', b: [1, true, null, { c: '\\u0000 as text' }] })).toBeUndefined();
    expect(fieldWithNul(undefined)).toBeUndefined();
  });
});

describe('jsonHasMoreMembersThan', () => {
  it('counts keys and array items, not commas and colons inside strings', () => {
    expect(jsonHasMoreMembersThan('{"a":1,"b":[1,2,3]}', 5)).toBe(false);
    expect(jsonHasMoreMembersThan('{"a":1,"b":[1,2,3,4]}', 5)).toBe(true);
    expect(jsonHasMoreMembersThan('{"a":"x,y:z,w:v,u:t"}', 1)).toBe(false);
    expect(jsonHasMoreMembersThan('{"a":"escaped \\" quote, still inside:"}', 1)).toBe(false);
  });
});
