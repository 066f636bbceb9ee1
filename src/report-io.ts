import { ActionError } from './errors.js'
import type { Log } from './log.js'
import { escapeLogText } from './report/escape.js'
import type { OperationResult } from './operations/result.js'
import { renderOutputs } from './report.js'
import { renderSummary } from './report/summary.js'
import type { Selection } from './select.js'
import { formatCount, plural } from './report/words.js'
import { formatBytes } from './units.js'

/** Where the report goes: the step's outputs, its summary, its log. */
export interface ReportSink extends Log {
  setOutput(name: string, value: string): void
  writeSummary(markdown: string): Promise<void>
}

/** One line on what selection found, and what it left out and why. */
export function reportSelection(log: Log, selection: Selection, missingIds: number[]): void {
  const bytes = selection.selected.reduce((sum, a) => sum + a.sizeInBytes, 0)
  const matched = selection.selected.length + selection.notReached.length
  log.info(
    `${plural(selection.listed, 'artifact')} listed; ${formatCount(matched)} matched` +
      (selection.notReached.length
        ? ` (${formatCount(selection.selected.length)} this run, ${formatBytes(bytes)}; ${formatCount(selection.notReached.length)} left for a later run by limit)`
        : ` (${formatBytes(bytes)})`) +
      (selection.spared.length
        ? `; ${formatCount(selection.spared.length)} kept by keep-latest`
        : '')
  )
  if (selection.forksSkipped)
    log.info(
      `${selection.forksSkipped} artifact(s) made by runs from forks were skipped: a fork's code made them. ` +
        "Set 'allow-forks: true' to take them too, only if the step that uses them treats them as untrusted."
    )
  if (missingIds.length > 0)
    log.warning(`These artifact ids were not found: ${missingIds.join(', ')}`)
}

/**
 * Sets the outputs and writes the summary, warns of a stop, then fails (throws) on a fatal error
 * or on artifacts that could not be handled: the report is always written first.
 */
export async function writeReport(
  sink: ReportSink,
  result: OperationResult,
  now: Date,
  serverUrl: string
): Promise<void> {
  const { outputs, artifactsInOutput } = renderOutputs(result)
  for (const [name, value] of Object.entries(outputs)) sink.setOutput(name, value)
  if (artifactsInOutput < result.results.length) {
    sink.warning(
      `The 'artifacts' output holds the first ${formatCount(artifactsInOutput)} of ${formatCount(result.results.length)} artifacts: ` +
        'GitHub keeps at most 1 MB of outputs per job. Narrow the selection or use the job summary.'
    )
  }
  await sink.writeSummary(renderSummary(result, now, serverUrl))
  if (result.stopReason) sink.warning(result.stopReason)
  if (result.fatal) throw result.fatal
  const failed = result.results.filter((r) => r.outcome === 'failed')
  if (failed.length > 0) {
    const names = failed
      .slice(0, 20)
      .map((r) => `${escapeLogText(r.artifact.name)} (${r.artifact.id}): ${r.error}`)
    throw new ActionError(
      `${plural(failed.length, 'artifact')} could not be ${result.mode === 'download' ? 'downloaded' : 'deleted'}: ${names.join('; ')}${failed.length > 20 ? '; …' : ''}. ` +
        'The others were handled; run the step again to retry these.'
    )
  }
}
