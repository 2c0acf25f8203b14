/**
 * Group-average EEG by condition: power spectra (dB) against frequency and ERPs (µV) against
 * time, one panel per channel, one line per condition.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GroupErp, GroupSpectrum } from '../types.js';

interface CurvePoint {
  channel: string;
  condition: string;
  x: number;
  y: number;
}

function curvesSpec(points: CurvePoint[], xTitle: string, yTitle: string): TopLevelSpec {
  const channels = [...new Set(points.map((point) => point.channel))];
  return {
    concat: channels.map((channel) => ({
      title: channel,
      width: 220,
      height: 140,
      data: { values: points.filter((point) => point.channel === channel) },
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: xTitle },
        y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false } },
        color: { field: 'condition', type: 'nominal', title: 'Condition' },
      },
    })),
    columns: 3,
    resolve: { scale: { color: 'shared' } },
  };
}

/** Vega-Lite spec of the group spectra. */
export function spectraSpec(spectra: readonly GroupSpectrum[]): TopLevelSpec {
  return curvesSpec(
    spectra.flatMap((s) => s.freqHz.map((x, i) => ({
      channel: s.channel, condition: s.condition, x, y: s.powerDb[i]!,
    }))),
    'Frequency (Hz)',
    'Power (dB re 1 µV²/Hz)',
  );
}

/** Vega-Lite spec of the group ERPs. */
export function erpSpec(erps: readonly GroupErp[]): TopLevelSpec {
  return curvesSpec(
    erps.flatMap((e) => e.timeMs.map((x, i) => ({
      channel: e.channel, condition: e.condition, x, y: e.amplitudeUv[i]!,
    }))),
    'Time from stimulus (ms)',
    'Amplitude (µV)',
  );
}
