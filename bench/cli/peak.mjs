// Preloaded into the measured `cors-lens` process (node --import): on exit, its peak resident
// memory (getrusage maxrss, KiB) and the CPU time it used (user + system, µs) go, as JSON, to
// the file named by CORS_LENS_BENCH_PEAK_FILE. CPU time tells the work apart from waiting for
// a core on a busy machine.
import { writeFileSync } from 'node:fs';

const file = process.env.CORS_LENS_BENCH_PEAK_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKiB: u.maxRSS, cpuMicros: u.userCPUTime + u.systemCPUTime }));
  });
}
