/**
 * Electrode positions of the 10-10 system for the simulator and for scalp maps.
 *
 * Spherical angles come from MNE-Python's `standard_1005` template (Oostenveld & Praamstra
 * 2001, "The five percent electrode system", Clin Neurophysiol 112:713-719), with the sphere
 * fitted by least squares to the 10-10 points (test/fixtures/simulate/make_montage_reference.py
 * makes the reference those angles are checked against). Head frame: x right, y nose, z up.
 */

/** Polar angle from the vertex and azimuth from the right ear towards the nose, in degrees. */
export interface SphericalPosition {
  polarDeg: number;
  azimuthDeg: number;
}

/** One electrode: its name, unit vector on the head sphere and 2-D scalp-map position. */
export interface Electrode {
  name: string;
  /** Unit vector (x right, y nose, z up). */
  unit: [number, number, number];
  /**
   * Azimuthal equidistant projection from the vertex: distance from the centre is the polar
   * angle / 90 degrees, so the equator (ear-nasion-inion line) lies on the unit circle.
   */
  x: number;
  y: number;
}

/** Standard spherical positions, [polar, azimuth] in degrees. */
export const STANDARD_1010_POSITIONS: Readonly<Record<string, readonly [number, number]>> = {
  Fp1: [94.2, 106.7],
  Fpz: [91.3, 90.5],
  Fp2: [94.2, 74.2],
  AF7: [96.3, 123.0],
  AF3: [78.5, 110.2],
  AFz: [70.5, 90.4],
  AF4: [78.2, 69.9],
  AF8: [96.4, 57.8],
  F7: [97.5, 140.0],
  F5: [80.1, 135.1],
  F3: [64.5, 126.0],
  F1: [53.1, 111.0],
  Fz: [49.1, 90.5],
  F2: [53.7, 69.1],
  F4: [65.5, 54.6],
  F6: [80.6, 45.1],
  F8: [97.7, 40.6],
  FT7: [97.7, 159.0],
  FC5: [74.6, 155.3],
  FC3: [53.1, 146.8],
  FC1: [35.1, 129.0],
  FCz: [26.9, 90.7],
  FC2: [35.3, 52.3],
  FC4: [53.4, 33.7],
  FC6: [74.8, 25.3],
  FT8: [97.9, 22.0],
  T7: [96.8, 179.2],
  C5: [70.7, 177.5],
  C3: [46.3, 175.1],
  C1: [23.0, 168.9],
  Cz: [4.7, 93.9],
  C2: [23.2, 11.8],
  C4: [46.6, 5.5],
  C6: [71.0, 3.1],
  T8: [96.9, 1.5],
  TP7: [94.9, -161.5],
  CP5: [70.6, -160.0],
  CP3: [47.6, -155.2],
  CP1: [27.5, -140.5],
  CPz: [16.9, -91.1],
  CP2: [28.0, -38.5],
  CP4: [48.0, -24.1],
  CP6: [70.8, -19.3],
  TP8: [95.0, -18.5],
  P9: [114.2, -142.6],
  P7: [92.0, -142.6],
  P5: [73.0, -139.1],
  P3: [56.0, -131.3],
  P1: [43.1, -115.1],
  Pz: [38.0, -90.6],
  P2: [42.8, -63.9],
  P4: [55.8, -48.2],
  P6: [72.9, -41.2],
  P8: [92.1, -37.7],
  P10: [114.4, -38.1],
  PO7: [88.8, -124.8],
  PO3: [68.3, -114.1],
  POz: [59.6, -90.5],
  PO4: [68.6, -66.8],
  PO8: [88.8, -55.8],
  O1: [85.4, -107.7],
  Oz: [81.9, -90.5],
  O2: [85.4, -73.1],
  Iz: [103.2, -90.5],
  TP9: [116.9, -161.3],
  TP10: [117.3, -19.3],
  PO9: [110.2, -124.7],
  PO10: [110.5, -56.2],
};

/** A common 32-channel layout (actiCAP 32 standard, 10-20 names). */
export const MONTAGE_32: readonly string[] = (
  'Fp1 Fp2 F7 F3 Fz F4 F8 FC5 FC1 FC2 FC6 T7 C3 Cz C4 T8 TP9 CP5 CP1 CP2 CP6 TP10 ' +
  'P7 P3 Pz P4 P8 PO9 O1 Oz O2 PO10'
).split(' ');

/** A common 64-channel layout (BioSemi 64 positions, 10-10 names). */
export const MONTAGE_64: readonly string[] = (
  'Fp1 AF7 AF3 F1 F3 F5 F7 FT7 FC5 FC3 FC1 C1 C3 C5 T7 TP7 CP5 CP3 CP1 P1 P3 P5 P7 P9 PO7 ' +
  'PO3 O1 Iz Oz POz Pz CPz Fpz Fp2 AF8 AF4 AFz Fz F2 F4 F6 F8 FT8 FC6 FC4 FC2 FCz Cz C2 C4 ' +
  'C6 T8 TP8 CP6 CP4 CP2 P2 P4 P6 P8 P10 PO8 PO4 O2'
).split(' ');

/** The electrode for a 10-10 name (case-insensitive), or undefined when it is not known. */
export function electrodePosition(name: string): Electrode | undefined {
  const key = Object.keys(STANDARD_1010_POSITIONS).find(
    (known) => known.toLowerCase() === name.trim().toLowerCase(),
  );
  if (key === undefined) return undefined;
  const [polarDeg, azimuthDeg] = STANDARD_1010_POSITIONS[key] as readonly [number, number];
  const polar = (polarDeg * Math.PI) / 180;
  const azimuth = (azimuthDeg * Math.PI) / 180;
  const unit: [number, number, number] = [
    Math.sin(polar) * Math.cos(azimuth),
    Math.sin(polar) * Math.sin(azimuth),
    Math.cos(polar),
  ];
  const radius = polarDeg / 90;
  return { name: key, unit, x: radius * Math.cos(azimuth), y: radius * Math.sin(azimuth) };
}

/** Electrodes of a 32- or 64-channel montage, in recording order. */
export function standardMontage(channelCount: 32 | 64): Electrode[] {
  const names = channelCount === 32 ? MONTAGE_32 : MONTAGE_64;
  return names.map((name) => electrodePosition(name) as Electrode);
}

/** Great-circle distance between two electrodes on the unit sphere, in radians. */
export function angularDistance(a: Electrode, b: Electrode): number {
  const dot = a.unit[0] * b.unit[0] + a.unit[1] * b.unit[1] + a.unit[2] * b.unit[2];
  return Math.acos(Math.max(-1, Math.min(1, dot)));
}
