/**
 * `npm run bench`: runs the scenarios against the emulator and prints one table (scenario,
 * requests, wall, ideal, ratio, peak RSS); writes it with the machine and date into BENCHMARKS.md.
 * Timings live here, never in tests.
 */
import { writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import type { BenchRow } from './lib.js'
import { delete300 } from './scenarios/delete.js'
import { bigDownload, listRunSideBySide, newestOfName, small200 } from './scenarios/download.js'
import { coldStart, exactName10k, list10k } from './scenarios/listing.js'
import { coldStartRatio } from './scenarios/cold-start.js'
import { listOrganization } from './scenarios/many.js'

/** How to read the table; the figures themselves are in it. */
const NOTES = `## Reading it

- Ideal: the cold start (first row) plus what the scenario cannot avoid: pages one latency each
  (page 1 alone, the rest \`concurrency\` at a time), bytes over the bandwidth cap, deletes at the
  secondary limit's 180 a minute. Ratios under 1.00 are noise in the cold start.
- Requests (ideal): every request beyond the ideal is counted. Downloads spend one more than page +
  302: the run lookup that \`run-conclusion: success\` (download's default) needs.
- Big downloads (400 MB and 1 GiB, one stored 1 MiB-block entry, no bandwidth cap) run ours and
  \`@actions/artifact\` alternately, twice each, in the same run, and keep the best of each: the
  target is ≥ 1.0× \`@actions/artifact\`'s MB/s with extraction on, at no higher peak RSS. Ours
  fetches the archive's central directory by \`Range\`, checks it, then extracts into a staging
  folder while the body arrives and is hashed; nothing is moved into place before the digest
  matched. \`@actions/artifact\` extracts straight into the destination and checks the digest
  afterwards, when the files are already there.
- Delete runs at the configured \`deletes-per-minute\` (150): 83 % of GitHub's ceiling with no
  secondary-limit answer; \`npm run bench:deletes -- --pace 175\` tries closer to the ceiling.
- Peak RSS is the child's \`maxRSS\`; the cold start's is the floor (Node and the bundle).
- Cold start ÷ do-nothing: the list run on an empty repository against an empty \`node index.mjs\`
  started the same way (same environment and files); issue 9's target is ≤ 2.5×. Most of the gap
  is loading \`@actions/core\` and \`@actions/github\`, which bring undici (\`@actions/http-client\`
  and Octokit's fetch), and undici's first request; download's code and yauzl are already loaded
  only in download mode.
`

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
  rows.push(await coldStartRatio(cold.medianMs))
  rows.push(await list10k(cold.medianMs))
  rows.push(await exactName10k(cold.medianMs))
  rows.push(await listOrganization(cold.medianMs))
  rows.push(...(await listRunSideBySide(cold.medianMs)))
  rows.push(await newestOfName(cold.medianMs))
  rows.push(await small200(cold.medianMs))
  rows.push(...(await bigDownload(cold.medianMs, 400e6, '400 MB', false)))
  rows.push(...(await bigDownload(cold.medianMs, 1024 ** 3, '1 GiB', true)))
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
      '\n\n' +
      NOTES
  )
}

await main()
