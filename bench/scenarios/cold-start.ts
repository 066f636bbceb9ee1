import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from '../../scripts/run-action.js'
import type { BenchRow } from '../lib.js'
import { median } from '../lib.js'

/** The issue 9 target: a list run on an empty repository at most this many times a do-nothing action. */
export const COLD_START_TARGET = 2.5

/**
 * A do-nothing node action, started exactly as the runner starts ours (same environment, inputs,
 * output files): `node index.js` with an empty ESM module. Median of 7; compared with `coldMs`,
 * the median of the list run on an empty repository.
 */
export async function coldStartRatio(
  coldMs: number,
  apiUrl = 'http://127.0.0.1:9'
): Promise<BenchRow> {
  const dir = mkdtempSync(join(tmpdir(), 'artifact-keeper-noop-'))
  try {
    const script = join(dir, 'index.mjs')
    writeFileSync(script, '// a do-nothing action\n')
    const walls: number[] = []
    for (let i = 0; i < 7; i++) {
      const started = performance.now()
      const run = await runAction({ apiUrl, token: 't', repository: 'bench/empty', script })
      walls.push(performance.now() - started)
      if (run.code !== 0) throw new Error(`the do-nothing action failed: ${run.stderr}`)
    }
    const noopMs = median(walls)
    const ratio = coldMs / noopMs
    return {
      scenario: 'cold start ÷ do-nothing node action',
      requests: 0,
      wallMs: coldMs,
      idealMs: noopMs,
      note: `${ratio <= COLD_START_TARGET ? 'met' : 'NOT met'}: ≤ ${COLD_START_TARGET}× (ideal = the do-nothing action, median of 7)`
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
