/**
 * A GitHub REST API emulator for the artifact endpoints: a real HTTP server on 127.0.0.1 with
 * GitHub's semantics (paging and Link headers, auth, permissions, primary rate limit, 302 to a
 * signed blob URL, 410 for expired artifacts). See README.md in this folder.
 */
import { RateLimiter } from './ratelimit.js'
import { addRunData, sortedRuns } from './runs-state.js'
import { startServer, type ServerState } from './server.js'
import { sortedArtifacts, Store, toWire } from './state.js'
import type {
  Emulator,
  EmulatorOptions,
  RequestHook,
  SeedArtifact,
  SeedRepositoryExtras
} from './types.js'

export type {
  Emulator,
  EmulatorOptions,
  Permission,
  RateLimitState,
  RecordedRequest,
  RequestContext,
  RequestHook,
  SeedArtifact,
  SeedPullRequest,
  SeedRepositoryExtras,
  SeedRun,
  SeedWorkflow,
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
    limiter: new RateLimiter(
      opts.rateLimit?.limit ?? 5000,
      opts.rateLimit?.windowMs ?? 3600000,
      now
    )
  }
  const server = await startServer(state, opts, now)
  const emulator: Emulator = {
    url: server.url,
    addRepository(fullName: string, artifacts: SeedArtifact[], o?: SeedRepositoryExtras): void {
      const repo = store.addRepository(fullName, artifacts, o?.id)
      if (o) addRunData(repo, o)
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
    rateLimit: (token: string) => state.limiter.peek(token),
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
  serveJson,
  trickle
} from './download-hooks.js'
export { startTlsFront, type TlsFront } from './tls.js'
export { largeArtifact, type LargeArtifactOptions } from './large.js'
export { FSMONITOR, hostileArchives, overlappingEntries, rawZip, type RawEntry } from './hostile.js'
export { uploadArtifactZip, type ArchiveFile } from './archive.js'
