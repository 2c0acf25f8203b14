/**
 * A participant's combined-block trials as parallel typed arrays: the form the scorer works
 * on, so that millions of trials can be scored without one object per trial.
 */
import type { IatSession } from '../../ingest/iat/types.js';

/** Combined blocks in a fixed order: index = 2 * isMappingB + isTest. */
export const BLOCK_NAMES = ['A practice', 'A test', 'B practice', 'B test'] as const;

export interface CompactSession {
  participantId: string;
  /** Number of trials (arrays may be longer; entries past `length` are unused). */
  length: number;
  /** Latency in ms, as read (built-in penalty included where the task had one). */
  latencyMs: Float64Array;
  /** 1 when the first response was an error. */
  error: Uint8Array;
  /** 1 for mapping B. */
  isMappingB: Uint8Array;
  /** 1 for the test phase (B4/B7), 0 for practice (B3/B6). */
  isTest: Uint8Array;
}

/** The compact form of a session; trial i of the session is entry i. */
export function compactSession(session: IatSession): CompactSession {
  const n = session.trials.length;
  const compact: CompactSession = {
    participantId: session.participantId,
    length: n,
    latencyMs: new Float64Array(n),
    error: new Uint8Array(n),
    isMappingB: new Uint8Array(n),
    isTest: new Uint8Array(n),
  };
  session.trials.forEach((trial, i) => {
    compact.latencyMs[i] = trial.latencyMs;
    compact.error[i] = trial.error ? 1 : 0;
    compact.isMappingB[i] = trial.mapping === 'B' ? 1 : 0;
    compact.isTest[i] = trial.phase === 'test' ? 1 : 0;
  });
  return compact;
}

/** A growable compact session, filled one trial at a time by streaming readers. */
export class CompactSessionBuilder {
  private latencyMs = new Float64Array(256);
  private error = new Uint8Array(256);
  private isMappingB = new Uint8Array(256);
  private isTest = new Uint8Array(256);
  private count = 0;

  constructor(readonly participantId: string) {}

  get length(): number {
    return this.count;
  }

  push(latencyMs: number, error: boolean, isMappingB: boolean, isTest: boolean): void {
    if (this.count === this.latencyMs.length) this.grow();
    const i = this.count++;
    this.latencyMs[i] = latencyMs;
    this.error[i] = error ? 1 : 0;
    this.isMappingB[i] = isMappingB ? 1 : 0;
    this.isTest[i] = isTest ? 1 : 0;
  }

  /** Adds `latencyMs` to the last trial (attempt-level logs sum their attempts). */
  addToLast(latencyMs: number): void {
    this.latencyMs[this.count - 1] += latencyMs;
  }

  build(): CompactSession {
    return {
      participantId: this.participantId,
      length: this.count,
      latencyMs: this.latencyMs,
      error: this.error,
      isMappingB: this.isMappingB,
      isTest: this.isTest,
    };
  }

  private grow(): void {
    const size = this.latencyMs.length * 2;
    const latency = new Float64Array(size);
    latency.set(this.latencyMs);
    this.latencyMs = latency;
    for (const key of ['error', 'isMappingB', 'isTest'] as const) {
      const next = new Uint8Array(size);
      next.set(this[key]);
      this[key] = next;
    }
  }
}
