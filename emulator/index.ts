/**
 * A GitHub REST API emulator for the artifact endpoints: a real HTTP server on 127.0.0.1 with
 * GitHub's semantics (paging and Link headers, auth, permissions, primary rate limit, 302 to a
 * signed blob URL, 410 for expired artifacts). See README.md in this folder.
 */
import { type BudgetRef, Budgets } from './budgets.js'
import { applyRepoExtras, repoMeta } from './repo-meta.js'
import { recordStatus } from './run-index.js'
import { addRunData, sortedRuns } from './runs-state.js'
import { startServer, type ServerState } from './server.js'
import { githubTime, sortedArtifacts, Store, toWire } from './state.js'
import type {
  Emulator,
  EmulatorOptions,
  RequestHook,
  SeedArtifact,
  SeedRepositoryExtras,
  SeedRun
} from './types.js'

export type {
  Emulator,
  EmulatorOptions,
  JsonAnswer,
  Permission,
  PermissionLevel,
  RateLimitState,
  RecordedRequest,
  RequestContext,
  RequestHook,
  SeedArtifact,
  SeedPullRequest,
  SeedRepositoryExtras,
  SeedRun,
  SeedTag,
  SeedWorkflow,
  TokenKind,
  TokenPermissions,
  TokenSpec,
  WireArtifact,
  WorkflowRunRef
} from './types.js'
export {
  generateArtifacts,
  generateRepository,
  type GenerateOptions,
  type GeneratedRepository
} from './generate.js'
export {
  installFaults,
  type FaultController,
  type FaultOptions,
  type FaultStats,
  type SecondaryLimitOptions,
  type Violation
} from './faults.js'
export {
  createZip,
  readZipDirectory,
  readZipEntry,
  type ZipDirectoryEntry,
  type ZipEntryInput
} from './zip.js'
export { sha256Digest } from './state.js'
export { DEFAULT_TOKENS } from './server.js'

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const now = opts.now ?? Date.now
  const store = new Store()
  const state: ServerState = {
    store,
    requests: [],
    hooks: [...(opts.hooks ?? [])],
    blobAuthorizationAttempts: 0,
    budgets: new Budgets(opts.rateLimit?.windowMs ?? 3600000, now)
  }
  const server = await startServer(state, opts, now)
  /** a token's budget, or the GITHUB_TOKEN budget of a repository */
  const budgetOf = (who: string): BudgetRef => server.budgetFor(who)
  const runOf = (
    fullName: string,
    runId: number
  ): { repo: ReturnType<Store['require']>; run: SeedRun } => {
    const repo = store.require(fullName)
    const run = repo.workflowRuns.get(runId)
    if (!run) throw new Error(`${fullName} has no run ${runId}`)
    return { repo, run }
  }
  const emulator: Emulator = {
    url: server.url,
    apiUrl: server.apiUrl,
    hosts: server.hosts,
    addRepository(fullName: string, artifacts: SeedArtifact[], o?: SeedRepositoryExtras): void {
      const repo = store.addRepository(fullName, artifacts, o?.id)
      if (o) {
        addRunData(repo, o)
        applyRepoExtras(repo, o)
      }
    },
    addRun(fullName: string, run: SeedRun, artifacts: SeedArtifact[] = []): void {
      const repo = store.require(fullName)
      if (repo.workflowRuns.has(run.id)) throw new Error(`${fullName} has run ${run.id} already`)
      addRunData(repo, { runs: [run] })
      if (artifacts.length > 0) store.addArtifacts(repo, artifacts)
    },
    setRunStatus(fullName, runId, status, conclusion = null): void {
      const { repo, run } = runOf(fullName, runId)
      const t = now()
      // a copy: seeds given to several emulators must not change together
      const changed: SeedRun = {
        ...run,
        status,
        conclusion: status === 'completed' ? (conclusion ?? 'success') : null,
        updated_at: githubTime(t)
      }
      recordStatus(repo, run, t, changed.status, changed.conclusion)
      repo.workflowRuns.set(runId, changed)
      repo.sortedRuns = undefined
    },
    completeRun(fullName: string, runId: number, conclusion = 'success'): void {
      emulator.setRunStatus(fullName, runId, 'completed', conclusion)
    },
    setArchived(fullName: string, archived: boolean): void {
      repoMeta(store.require(fullName)).archived = archived
    },
    drainBudget(who: string, n?: number): void {
      state.budgets.drain(budgetOf(who), n)
    },
    drainBudgetAfter(who: string, afterRequests: number): void {
      state.budgets.drainAfter(budgetOf(who), afterRequests)
    },
    listRuns: (fullName: string) => [...sortedRuns(store.require(fullName))],
    addArtifacts(fullName: string, artifacts: SeedArtifact[]): void {
      store.addArtifacts(store.require(fullName), artifacts)
    },
    repositoryId: (fullName: string): number => store.require(fullName).id,
    listArtifacts(fullName: string) {
      const repo = store.require(fullName)
      const t = now()
      return sortedArtifacts(repo).map((a) => toWire(repo, a, server.url, t))
    },
    deletedIds: (fullName: string): number[] => [...store.require(fullName).deleted],
    requests: state.requests,
    get blobAuthorizationAttempts(): number {
      return state.blobAuthorizationAttempts
    },
    resetRequests(): void {
      state.requests.length = 0
      state.blobAuthorizationAttempts = 0
    },
    rateLimit: (token: string) => state.budgets.peek(budgetOf(token)),
    addHook(hook: RequestHook): () => void {
      state.hooks.push(hook)
      return () => {
        const i = state.hooks.indexOf(hook)
        if (i >= 0) state.hooks.splice(i, 1)
      }
    },
    close: () => server.close()
  }
  return emulator
}
export {
  bandwidthCap,
  blobArtifactId,
  cutTransfer,
  expireUrlOnce,
  ignoreRanges,
  noHeaders,
  oversizedBody,
  type OversizedOptions,
  serveJson,
  trickle
} from './download-hooks.js'
export { startTlsFront, type TlsFront } from './tls.js'
export { largeArtifact, type LargeArtifactOptions } from './large.js'
export { FSMONITOR, hostileArchives, overlappingEntries, rawZip, type RawEntry } from './hostile.js'
export { uploadArtifactZip, type ArchiveFile } from './archive.js'
export {
  ENTERPRISE_LIMIT,
  GITHUB_TOKEN_LIMIT,
  installationLimit,
  INSTALLATION_BASE_LIMIT,
  INSTALLATION_MAX_LIMIT,
  USER_LIMIT
} from './budgets.js'
export { startForwardProxy, type ForwardProxy, type ProxiedRequest } from './proxy.js'
export { generateOrganization, type OrganizationOptions, type SeededRepository } from './many.js'
export {
  installMalformed,
  malformedEndpointOf,
  malformedHook,
  MALFORMED_KINDS,
  PHANTOM_ID_BASE,
  type MalformedController,
  type MalformedEndpoint,
  type MalformedKind,
  type MalformedOptions
} from './malformed.js'
export {
  HOSTILE_BRANCHES,
  HOSTILE_NAMES,
  hostileRepository,
  type HostileRepository,
  type HostileRepositoryOptions
} from './hostile-names.js'
