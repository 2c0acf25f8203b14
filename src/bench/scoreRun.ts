/**
 * Child process of the score benchmark: scores one long-format CSV with the defaults and
 * prints {"seconds", "cpuSeconds", "peakRssKb", "participants", "trials"} as one JSON
 * line (CPU seconds include the garbage collector's helper threads). Run by
 * src/bench/scoreBench.ts so that the peak RSS is that of scoring alone.
 */
import { scoreIatFile } from '../features/dscore/scoreFile.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: scoreRun FILE\n');
  process.exit(2);
}
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const report = await scoreIatFile(file, [], {});
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const trials = report.participants.reduce((n, p) => n + p.counts.trials, 0);
process.stdout.write(`${JSON.stringify({
  seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6,
  peakRssKb: process.resourceUsage().maxRSS, participants: report.participants.length,
  trials,
})}\n`);
