import type { Artifact } from '../artifact.js'
import type { Listing } from '../github/artifacts-api.js'
import type { RunQuery, WorkflowRun } from '../github/runs-api.js'
import type { Criteria, RunCriteria, Scope } from '../settings.js'

/** What resolution needs to know of the settings. */
export interface RunSelection {
  scope: Scope
  /** The branch and commit criteria double as server-side run filters. */
  criteria: Pick<Criteria, 'branch' | 'commit'>
  runs?: RunCriteria
  /**
   * Whether an artifact is in question at all (selection's identity filters: expiry, name,
   * branch, commit): only these artifacts' runs are worth deciding. Given by selection.
   */
  inQuestion: (artifact: Artifact) => boolean
}

/** How run filters were answered, and what it cost. */
export interface RunResolution {
  /** 'none': no run filter; 'run': one run's check; 'join': artifacts listed, runs looked up or
   * listed; 'runs-first': runs listed, then each matching run's artifacts. */
  strategy: 'none' | 'run' | 'join' | 'runs-first'
  /** Requests sent by resolution beyond the artifact listing's pages. */
  requests: { pull: number; runPages: number; runLookups: number; runArtifactLists: number }
  /** What one lookup per distinct candidate run would have cost in run requests. */
  perRunCost: number
  /** The server-side run filters used. */
  query?: RunQuery
}

/** A listing restricted to the artifacts of matching runs, and how it was found. */
export interface RunListing extends Listing {
  resolution: RunResolution
  /** The runs resolution saw (listed or looked up), for the report's workflow names. */
  knownRuns?: WorkflowRun[]
}
