import { describe, expect, it } from 'vitest';
import { cleanJson, escapeText, findTextDefect, MAX_JSON_DEPTH, textDefect } from '../../../workers/core/text';

describe('the text policy', () => {
  it('refuses NUL and unpaired surrogates, and nothing else', () => {
    expect(textDefect('a\u0000b')).toBe('contains a NUL character');
    expect(textDefect('cut \ud83d')).toBe('contains an unpaired UTF-16 surrogate');
    expect(textDefect('\ude00 low first')).toBe('contains an unpaired UTF-16 surrogate');
    expect(textDefect('🙂 \u200f\u202e \u0001\u001f\u007f\t')).toBeNull();
  });

  it('names the first defect by its path, keys included, and refuses deep nesting', () => {
    expect(findTextDefect({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toEqual({
      path: ['a', 1, 'c'],
      message: 'contains a NUL character',
    });
    expect(findTextDefect({ ['k\ud800']: 1 })?.path).toEqual(['k\ud800']);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(findTextDefect(deep)?.message).toBe(`nests deeper than ${MAX_JSON_DEPTH} levels`);
    expect(findTextDefect({ a: 1, b: [true, null, 'fine'] })).toBeNull();
  });

  it('cleans to U+FFFD and says whether anything changed; escapes keep the original readable', () => {
    expect(cleanJson({ m: { text: 'a\u0000b\ud83d', ok: 1 }, ['k\u0000']: 'v' })).toEqual({
      value: { m: { text: 'a\uFFFDb\uFFFD', ok: 1 }, ['k\uFFFD']: 'v' },
      changed: true,
    });
    const clean = { a: ['x', 2, null] };
    expect(cleanJson(clean)).toEqual({ value: clean, changed: false });
    expect(escapeText('a\u0000b\ud83d')).toBe('a\\u0000b\\ud83d');
  });
});
