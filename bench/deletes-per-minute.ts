/**
 * `npm run bench:deletes [-- --count N --pace P]`: deletes N artifacts (default 300) through the
 * bundled dist/index.js against an emulator that enforces GitHub's secondary limit at full scale
 * (900 points per one-minute window per token, a DELETE costs 5, a GET 1), and prints the measured
 * deletes per minute (first DELETE to last, as the emulator saw them), the secondary-limit answers
 * and the violations (requests sent while limited). `--pace` is the deletes-per-minute input
 * (default: action.yml's). Takes about N / pace minutes.
 */
import { parseArgs } from 'node:util'
import { DEFAULT_PACE, measureDeleteRate } from './scenarios/delete.js'

const { values } = parseArgs({
  options: { count: { type: 'string', default: '300' }, pace: { type: 'string' } }
})
const count = Number(values.count)
const pace = values.pace ?? DEFAULT_PACE
console.log(
  `Deleting ${count} artifacts at deletes-per-minute ${pace} against 900 points a minute…`
)
const r = await measureDeleteRate(count, pace)
console.log(
  [
    `exit code ${r.code}; deleted-count ${r.deletedCount}`,
    `DELETE requests ${r.deleteRequests} (204: ${r.ok}); wall ${(r.wallMs / 1000).toFixed(1)} s`,
    `measured: ${r.perMinute.toFixed(1)} deletes/min = ${(r.perMinute * 5).toFixed(0)} points/min of 900`,
    `secondary-limit answers ${r.secondaryAnswers}; violations ${r.violations}`
  ].join('\n')
)
