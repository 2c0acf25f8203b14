/**
 * Worker-thread entry of the fused kernel (kernelThreads.ts): runs the fits of the problem it
 * is given and posts the result back, transferring the parameter buffer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runFusedVariational } from './meanFieldKernel.js';
import type { VariationalProblem } from './problem.js';

const result = runFusedVariational((workerData as { problem: VariationalProblem }).problem);
parentPort?.postMessage(result, [result.params.buffer as ArrayBuffer]);
