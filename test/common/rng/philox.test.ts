import { describe, expect, it } from 'vitest';
import { mulhi32, philox4x32_10 } from '../../../engine/common/rng/philox.js';

const hex = (w: Uint32Array): string[] => [...w].map((x) => x.toString(16).padStart(8, '0'));

describe('Philox4x32-10', () => {
  // Known-answer vectors from Random123 1.14, tests/kat_vectors ("philox4x32 10 ...").
  it('matches the Random123 KAT for counter = key = 0', () => {
    const out = new Uint32Array(4);
    philox4x32_10(0, 0, 0, 0, 0, 0, out);
    expect(hex(out)).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
  });

  it('matches the Random123 KAT for counter = key = all ones', () => {
    const out = new Uint32Array(4);
    const f = 0xffffffff;
    philox4x32_10(f, f, f, f, f, f, out);
    expect(hex(out)).toEqual(['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
  });

  it('matches the Random123 KAT for the pi-digits counter and key', () => {
    const out = new Uint32Array(4);
    philox4x32_10(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
    expect(hex(out)).toEqual(['d16cfe09', '94fdcceb', '5001e420', '24126ea1']);
  });

  it('mulhi32 equals the exact high word of the 64-bit product', () => {
    const pairs: [number, number][] = [[0xffffffff, 0xffffffff], [0xd2511f53, 0x12345678], [0xcd9e8d57, 1], [0x80000000, 2], [0, 0xffffffff]];
    for (const [a, b] of pairs) {
      const exact = Number((BigInt(a) * BigInt(b)) >> 32n);
      expect(mulhi32(a, b)).toBe(exact);
    }
  });
});
