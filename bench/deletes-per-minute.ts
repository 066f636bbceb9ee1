/**
 * `npm run bench:deletes [-- --count N --pace P]`: deletes N artifacts (default 300) through the
 * bundled dist/index.js against an emulator that enforces GitHub's secondary limit at full scale
 * (900 points per one-minute window per token, a DELETE costs 5, a GET 1), and prints the measured
 * deletes per minute (first DELETE to last, as the emulator saw them), the secondary-limit answers
 * and the violations (requests sent while limited). `--pace` is the deletes-per-minute input
 * (default: action.yml's). Takes about N / pace minutes.
 */
import { parseArgs } from 'node:util'
import { generateArtifacts, installFaults, startEmulator } from '../emulator/index.js'
import { readActionYaml, runAction } from '../scripts/run-action.js'

const { values } = parseArgs({
  options: { count: { type: 'string', default: '300' }, pace: { type: 'string' } }
})
const count = Number(values.count)
const pace = values.pace ?? readActionYaml().inputs['deletes-per-minute'].default ?? ''

const emulator = await startEmulator()
try {
  const repo = 'bench/deletes'
  emulator.addRepository(
    repo,
    generateArtifacts({ seed: 3, count, expiredFraction: 0 }).map((a) => ({ ...a, name: 'old' }))
  )
  const faults = installFaults(emulator, {
    seed: 1,
    secondary: { pointsPerWindow: 900, windowMs: 60_000 }
  })
  console.log(
    `Deleting ${count} artifacts at deletes-per-minute ${pace} against 900 points a minute…`
  )
  const started = performance.now()
  const run = await runAction({
    apiUrl: emulator.url,
    token: 'ghs_write_token',
    repository: repo,
    inputs: { mode: 'delete', name: 'old', 'deletes-per-minute': pace }
  })
  const wallMs = performance.now() - started
  const deletes = emulator.requests.filter((r) => r.method === 'DELETE')
  const ok = deletes.filter((r) => r.status === 204)
  const spanMs = ok.length > 1 ? ok[ok.length - 1].at - ok[0].at : 0
  const perMinute = spanMs > 0 ? ((ok.length - 1) * 60_000) / spanMs : 0
  console.log(
    [
      `exit code ${run.code}; deleted-count ${run.outputs['deleted-count']}; complete ${run.outputs.complete}`,
      `DELETE requests ${deletes.length} (204: ${ok.length}); wall ${(wallMs / 1000).toFixed(1)} s`,
      `measured: ${perMinute.toFixed(1)} deletes/min = ${(perMinute * 5).toFixed(0)} points/min of 900`,
      `secondary-limit answers ${faults.stats.injected.secondary}; violations ${faults.stats.violations.length}`
    ].join('\n')
  )
  if (run.code !== 0) console.log(run.errors.join('\n'))
} finally {
  await emulator.close()
}
