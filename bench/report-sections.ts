/**
 * Times each report section on its own at a scale (default paper), one after another, and prints
 * wall and CPU seconds per section: where `report --scale paper` spends its time.
 *   npx tsx bench/report-sections.ts [paper|quick] [section-id ...]
 */
import { REPORT_SECTIONS } from '../src/report/sections.js';
import type { Scale } from '../src/report/types.js';

const scale = (process.argv[2] ?? 'paper') as Scale;
const only = process.argv.slice(3);
const builders = only.length ? REPORT_SECTIONS.filter((b) => only.includes(b.id)) : REPORT_SECTIONS;
let total = 0;
for (const b of builders) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let status = 'ok';
  try {
    await b.build({ scale, log: () => {}, signal: new AbortController().signal, stopped: () => false });
  } catch (e) {
    status = `failed: ${(e as Error).message}`;
  }
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  total += wall;
  console.log(`${b.id.padEnd(20)} ${wall.toFixed(1).padStart(7)} s wall  ${((c.user + c.system) / 1e6).toFixed(1).padStart(7)} s cpu (main thread; workers not counted)  ${status}`);
}
console.log(`total ${total.toFixed(1)} s wall at scale ${scale}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
