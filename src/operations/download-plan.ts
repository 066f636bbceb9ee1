import { join } from 'node:path'
import { type ArtifactResult, describeArtifact } from '../artifact.js'
import { isPlainFileName, planLayout, refusalOf } from '../download/layout.js'
import { isPositiveId } from '../download/names.js'
import { escapeLogText } from '../report/escape.js'
import type { Selection } from '../select.js'
import type { DownloadModeSettings } from '../settings.js'
import { formatBytes } from '../units.js'
import { type OperationDeps, type OperationOutcome, notReached } from './result.js'

/**
 * download with `dry-run`: what would be downloaded and where, from the selection alone. No
 * request (no archive URL, no blob), nothing written, not even the destination directory. The
 * places are the layout download uses; a body that turns out not to be a zip would be saved
 * under its name inside the same place.
 */
export async function planDownloadOperation(
  deps: Pick<OperationDeps, 'log'>,
  selection: Selection,
  settings: DownloadModeSettings
): Promise<OperationOutcome> {
  const options = settings.download
  const root = options.path
  const plan = planLayout(
    selection.selected.filter((a) => isPlainFileName(a.name) && isPositiveId(a.id)),
    root,
    options
  )
  let bytes = 0
  const results = selection.selected.map((artifact): ArtifactResult => {
    const place = plan.get(artifact.id)
    const error = refusalOf(artifact, plan)
    if (error !== undefined || !place) {
      deps.log.warning(`Would not download ${escapeLogText(describeArtifact(artifact))}: ${error}`)
      return { artifact, outcome: 'failed', error }
    }
    const path = options.extract ? place.dir : join(root, `${place.base}.zip`)
    bytes += artifact.sizeInBytes
    deps.log.info(
      `Would download ${escapeLogText(describeArtifact(artifact))} to ${escapeLogText(path)}`
    )
    return { artifact, outcome: 'would-download', path }
  })
  deps.log.info(
    `Dry run: would download ${results.filter((r) => r.outcome === 'would-download').length} ` +
      `artifact(s), ${formatBytes(bytes)}, to ${escapeLogText(root)}; nothing was fetched or written.`
  )
  return { results: [...results, ...notReached(selection.notReached)] }
}
