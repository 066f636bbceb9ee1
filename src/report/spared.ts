import { describeArtifact } from '../artifact.js'
import type { Log } from '../log.js'
import type { Selection } from '../select.js'
import { escapeLogText } from './escape.js'

/** Runs named one by one in the log before "and N more". */
const RUNS_SHOWN = 10

/** Where a run is on the web: `${serverUrl}/${owner}/${repo}/actions/runs/${id}`. */
export type RunLink = (runId: number) => string

/**
 * Logs what selection spared for a running workflow or a tag, and which run `latest: run` took
 * and why. Names and branches come from the API: escaped for the log.
 */
export function reportSpared(log: Log, selection: Selection, runLink: RunLink): void {
  const active = selection.sparedAsActive ?? []
  if (active.length > 0) {
    const runs = selection.activeRuns ?? []
    const shown = runs
      .slice(0, RUNS_SHOWN)
      .map((r) => `${r.id} (${r.status === 'current' ? 'this run' : r.status}) ${runLink(r.id)}`)
    const more = runs.length > RUNS_SHOWN ? `, and ${runs.length - RUNS_SHOWN} more` : ''
    log.info(
      `Spared ${active.length} artifact(s) of ${runs.length} run(s) that have not ` +
        `completed: a later job of the run may still need them; a later clean-up takes them once ` +
        `the run is done. Runs: ${shown.join(', ')}${more}.`
    )
  }
  const tagged = selection.sparedByTag ?? []
  if (tagged.length > 0) {
    const commits = new Set(tagged.map((a) => a.workflowRun.headSha))
    log.info(
      `Spared ${tagged.length} artifact(s) of ${commits.size} tagged commit(s) (keep-tagged).`
    )
  }
  const latest = selection.latestRun
  if (latest) {
    const taken = selection.selected.length + selection.notReached.length
    const newest = escapeLogText(describeArtifact(latest.newest))
    const branch = latest.newest.workflowRun.headBranch
    log.info(
      latest.runId === undefined
        ? `latest: run: the newest match, ${newest}, names no run: it is taken alone.`
        : `latest: run: taking the ${taken} matching artifact(s) of run ${latest.runId} ` +
            `(${branch === undefined ? 'unknown branch' : `branch ${escapeLogText(branch)}`}, ` +
            `commit ${escapeLogText((latest.newest.workflowRun.headSha ?? '?').slice(0, 12))}), ` +
            `the newest run with a match: it made ${newest}. ${runLink(latest.runId)}`
    )
  }
}
