/**
 * Diagnostics of the variational fits and of the data: ELBO traces per fit, Pareto k-hat per
 * fit with the 0.7 reliability threshold (Vehtari, Simpson, Gelman, Yao & Gabry 2024, "Pareto
 * smoothed importance sampling", JMLR 25(72)), and trials/epochs kept per participant.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ElboTrace, ParetoKhat, ParticipantData } from '../types.js';

/** Pareto k-hat above which importance-sampling estimates are unreliable (Vehtari et al.). */
export const KHAT_THRESHOLD = 0.7;

/** Vega-Lite spec of ELBO against iteration, one line per fit. */
export function elboSpec(traces: readonly ElboTrace[]): TopLevelSpec {
  return {
    width: 420,
    height: 180,
    data: {
      values: traces.flatMap((trace) => trace.elbo.map((elbo, iteration) => ({
        fit: trace.name, iteration, elbo,
      }))),
    },
    mark: { type: 'line', strokeWidth: 1 },
    encoding: {
      x: { field: 'iteration', type: 'quantitative', title: 'Iteration' },
      y: { field: 'elbo', type: 'quantitative', title: 'ELBO (nats)', scale: { zero: false } },
      color: { field: 'fit', type: 'nominal', title: 'Fit' },
    },
  };
}

/** Vega-Lite spec of k-hat per fit with a rule at the threshold. */
export function khatSpec(khats: readonly ParetoKhat[]): TopLevelSpec {
  const largest = Math.max(1, ...khats.map((entry) => entry.khat));
  return {
    width: 420,
    height: Math.max(60, 18 * khats.length),
    layer: [
      {
        data: {
          values: khats.map((entry) => ({
            ...entry,
            reliable: entry.khat <= KHAT_THRESHOLD ? 'yes' : 'no',
          })),
        },
        mark: { type: 'point', filled: true, size: 50 },
        encoding: {
          y: { field: 'fit', type: 'nominal', sort: null, title: null },
          x: {
            field: 'khat',
            type: 'quantitative',
            title: 'Pareto k-hat',
            scale: { domain: [Math.min(0, ...khats.map((k) => k.khat)), largest] },
          },
          color: {
            field: 'reliable',
            type: 'nominal',
            title: `k-hat ≤ ${KHAT_THRESHOLD}`,
            scale: { domain: ['yes', 'no'], range: ['#238b45', '#cb181d'] },
          },
        },
      },
      {
        data: { values: [{ khat: KHAT_THRESHOLD }] },
        mark: { type: 'rule', color: '#cb181d', strokeDash: [4, 4] },
        encoding: { x: { field: 'khat', type: 'quantitative' } },
      },
    ],
  };
}

/** Vega-Lite spec of kept trials (and epochs) per participant, sorted by kept trials. */
export function participantDataSpec(participants: readonly ParticipantData[]): TopLevelSpec {
  const rows = participants.flatMap((entry) => {
    const out = [{ participant: entry.participantId, kind: 'IAT trials', kept: entry.trialsKept }];
    if (entry.epochsKept !== undefined) {
      out.push({ participant: entry.participantId, kind: 'EEG epochs', kept: entry.epochsKept });
    }
    return out;
  });
  return {
    width: 420,
    height: 120,
    data: { values: rows },
    mark: { type: 'bar', color: '#6baed6' },
    encoding: {
      x: {
        field: 'kept',
        type: 'quantitative',
        bin: { step: 1 },
        title: 'Kept per participant',
        axis: { format: 'd' },
      },
      y: { aggregate: 'count', type: 'quantitative', title: 'Participants' },
      row: {
        field: 'kind',
        type: 'nominal',
        title: null,
        header: { labelAngle: 0, labelAlign: 'left' },
      },
    },
  };
}
