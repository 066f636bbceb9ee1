/**
 * `npm run bench`: runs the scenarios against the emulator and prints one table (scenario,
 * requests, wall, ideal, ratio, peak RSS); writes it with the machine and date into BENCHMARKS.md.
 * Timings live here, never in tests.
 */
import { writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import type { BenchRow } from './lib.js'
import { delete300 } from './scenarios/delete.js'
import { listRunSideBySide, newestOfName, oneGiB, small200 } from './scenarios/download.js'
import { coldStart, exactName10k, list10k } from './scenarios/listing.js'

function table(rows: BenchRow[]): string {
  const head = '| scenario | requests (ideal) | wall | ideal | ratio | peak RSS | target |'
  const lines = [head, '|---|---:|---:|---:|---:|---:|---|']
  for (const r of rows) {
    const requests =
      r.idealRequests === undefined ? `${r.requests}` : `${r.requests} (${r.idealRequests})`
    const rss = r.peakRssBytes ? `${(r.peakRssBytes / 1e6).toFixed(0)} MB` : ''
    lines.push(
      `| ${r.scenario} | ${requests} | ${(r.wallMs / 1000).toFixed(2)} s | ${(r.idealMs / 1000).toFixed(2)} s | ` +
        `${(r.wallMs / r.idealMs).toFixed(2)} | ${rss} | ${r.note} |`
    )
  }
  return lines.join('\n')
}

async function main(): Promise<void> {
  const rows: BenchRow[] = []
  const cold = await coldStart()
  rows.push(cold)
  rows.push(await list10k(cold.medianMs))
  rows.push(await exactName10k(cold.medianMs))
  rows.push(...(await listRunSideBySide(cold.medianMs)))
  rows.push(await newestOfName(cold.medianMs))
  rows.push(await small200(cold.medianMs))
  rows.push(...(await oneGiB(cold.medianMs)))
  rows.push(await delete300(cold.medianMs))
  const text = table(rows)
  console.log(text)
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`
  writeFileSync(
    new URL('../BENCHMARKS.md', import.meta.url),
    `# Benchmarks\n\nThe latest \`npm run bench\`: ${new Date().toISOString().slice(0, 10)}, ${machine}.\n` +
      'Every scenario runs the bundled `dist/index.js` as a child process against the GitHub API emulator on 127.0.0.1. ' +
      'Ideals include the cold start (the first row), so a ratio of 1.00 means no overhead beyond starting Node and the network waits the scenario cannot avoid.\n\n' +
      text +
      '\n'
  )
}

await main()
