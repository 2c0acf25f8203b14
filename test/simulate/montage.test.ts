import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MONTAGE_32, MONTAGE_64, electrodePosition } from '../../src/simulate/montage.js';

// Reference: unit vectors from MNE-Python 1.3's standard_1005 template with a fitted sphere,
// made by test/fixtures/simulate/make_montage_reference.py. montage.ts stores angles rounded
// to 0.1 degree, so positions agree to within 0.1 degree of arc (0.0018 rad); allow 0.003.
const reference = JSON.parse(
  readFileSync(new URL('../fixtures/simulate/montage_reference.json', import.meta.url), 'utf8'),
) as { electrodes: Record<string, [number, number, number]> };

describe('standard montage positions', () => {
  it('agree with MNE standard_1005 for every electrode of the 32- and 64-channel sets', () => {
    const names = new Set([...MONTAGE_32, ...MONTAGE_64]);
    expect(MONTAGE_32).toHaveLength(32);
    expect(MONTAGE_64).toHaveLength(64);
    for (const name of names) {
      const electrode = electrodePosition(name);
      const expected = reference.electrodes[name];
      expect(electrode, name).toBeDefined();
      expect(expected, name).toBeDefined();
      const dot = electrode!.unit.reduce((s, v, i) => s + v * expected![i]!, 0);
      expect(Math.acos(Math.min(1, dot)), name).toBeLessThan(0.003);
    }
  });

  it('puts Fz in front, Oz behind, T7 left and T8 right on the 2-D map', () => {
    expect(electrodePosition('Fz')!.y).toBeGreaterThan(0.4);
    expect(electrodePosition('Oz')!.y).toBeLessThan(-0.8);
    expect(electrodePosition('T7')!.x).toBeLessThan(-0.9);
    expect(electrodePosition('T8')!.x).toBeGreaterThan(0.9);
  });
});
