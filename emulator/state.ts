/** The emulator's data: repositories and their artifacts. */
import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import { synthesizeRuns, type RunData } from './runs-state.js'
import type { SeedArtifact, WireArtifact, WorkflowRunRef } from './types.js'

export interface StoredArtifact {
  id: number
  name: string
  createdMs: number
  expiresMs: number
  created_at: string
  updated_at: string
  expires_at: string
  seededExpired: boolean
  size: number
  digest: string | null
  workflowRun: WorkflowRunRef
  content: Buffer | (() => Buffer)
  stream?: () => Readable
}

export interface Repository extends RunData {
  id: number
  /** unique within the emulator, unlike id */
  serial: number
  fullName: string
  owner: string
  name: string
  artifacts: Map<number, StoredArtifact>
  /** ids of the workflow runs known in this repository (kept when their artifacts are deleted) */
  runs: Set<number>
  deleted: number[]
  /** newest first (created_at desc, id desc); rebuilt lazily after changes */
  sorted?: StoredArtifact[]
}

/** ISO 8601 the way GitHub writes it: seconds, 'Z'. */
export function githubTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function parseTime(value: string, what: string): number {
  const ms = Date.parse(value)
  if (!Number.isFinite(ms)) throw new Error(`${what}: not a date: ${JSON.stringify(value)}`)
  return ms
}

export function sha256Digest(content: Buffer): string {
  return 'sha256:' + createHash('sha256').update(content).digest('hex')
}

export function contentOf(artifact: StoredArtifact): Buffer {
  return typeof artifact.content === 'function' ? artifact.content() : artifact.content
}

function storeArtifact(seed: SeedArtifact): StoredArtifact {
  const what = `artifact ${String(seed.id)}`
  if (!Number.isSafeInteger(seed.id) || seed.id <= 0) throw new Error(`${what}: bad id`)
  if (typeof seed.name !== 'string' || seed.name === '') throw new Error(`${what}: empty name`)
  const createdMs = parseTime(seed.created_at, `${what}.created_at`)
  const expiresMs = parseTime(seed.expires_at, `${what}.expires_at`)
  const updatedMs = seed.updated_at ? parseTime(seed.updated_at, `${what}.updated_at`) : createdMs
  let size = seed.size_in_bytes
  let digest = seed.digest
  if (seed.stream && (size === undefined || digest === undefined)) {
    throw new Error(`${what}: a stream body needs size_in_bytes and digest given explicitly`)
  }
  if (size === undefined || digest === undefined) {
    const body = typeof seed.content === 'function' ? seed.content() : seed.content
    size ??= body.length
    if (digest === undefined) digest = sha256Digest(body)
  }
  return {
    id: seed.id,
    name: seed.name,
    createdMs,
    expiresMs,
    created_at: githubTime(createdMs),
    updated_at: githubTime(updatedMs),
    expires_at: githubTime(expiresMs),
    seededExpired: seed.expired,
    size,
    digest,
    workflowRun: { ...seed.workflow_run },
    content: seed.content,
    stream: seed.stream
  }
}

export class Store {
  private readonly byName = new Map<string, Repository>()
  private readonly byId = new Map<number, Repository>()
  private readonly serials: Repository[] = []
  private nextRepoId = 700000001

  addRepository(fullName: string, seeds: SeedArtifact[], id?: number): Repository {
    const parts = fullName.split('/')
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new Error(`repository must be "owner/name", got ${JSON.stringify(fullName)}`)
    }
    const key = fullName.toLowerCase()
    if (this.byName.has(key)) throw new Error(`repository ${fullName} exists already`)
    // ids need not be unique (tests reuse one id for many copies of a repository):
    // /repositories/{id} finds the first repository that took the id
    let repoId: number
    if (id !== undefined) {
      if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`bad repository id ${id}`)
      repoId = id
    } else {
      // default: the id most artifacts name as workflow_run.repository_id
      const counts = new Map<number, number>()
      for (const s of seeds) {
        const r = s.workflow_run.repository_id
        counts.set(r, (counts.get(r) ?? 0) + 1)
      }
      const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]
      if (common !== undefined && Number.isSafeInteger(common) && common > 0) {
        repoId = common
      } else {
        while (this.byId.has(this.nextRepoId)) this.nextRepoId++
        repoId = this.nextRepoId++
      }
    }
    const repo: Repository = {
      id: repoId,
      serial: this.serials.length,
      fullName,
      owner: parts[0],
      name: parts[1],
      artifacts: new Map(),
      runs: new Set(),
      deleted: [],
      workflows: new Map(),
      workflowRuns: new Map(),
      pulls: new Map()
    }
    this.addArtifacts(repo, seeds)
    this.byName.set(key, repo)
    if (!this.byId.has(repoId)) this.byId.set(repoId, repo)
    this.serials.push(repo)
    return repo
  }

  addArtifacts(repo: Repository, seeds: SeedArtifact[]): void {
    const stored = seeds.map(storeArtifact)
    const ids = new Set<number>()
    for (const a of stored) {
      if (repo.artifacts.has(a.id) || ids.has(a.id)) {
        throw new Error(`artifact ${a.id} appears twice in ${repo.fullName}`)
      }
      ids.add(a.id)
    }
    for (const a of stored) {
      repo.artifacts.set(a.id, a)
      repo.runs.add(a.workflowRun.id)
    }
    synthesizeRuns(repo, stored)
    repo.sorted = undefined
  }

  get(fullName: string): Repository | undefined {
    return this.byName.get(fullName.toLowerCase())
  }

  /** the first repository that took this id */
  getById(id: number): Repository | undefined {
    return this.byId.get(id)
  }

  /** by the emulator's own unique number (blob URLs use it) */
  getBySerial(serial: number): Repository | undefined {
    return this.serials[serial]
  }

  /** how many repositories there are */
  count(): number {
    return this.serials.length
  }

  /** every repository, in the order they were added */
  all(): readonly Repository[] {
    return this.serials
  }

  require(fullName: string): Repository {
    const repo = this.get(fullName)
    if (!repo) throw new Error(`no repository ${fullName}`)
    return repo
  }

  delete(repo: Repository, id: number): boolean {
    if (!repo.artifacts.delete(id)) return false
    repo.deleted.push(id)
    repo.sorted = undefined
    return true
  }
}

/** Newest first: created_at desc, then id desc. */
export function sortedArtifacts(repo: Repository): StoredArtifact[] {
  repo.sorted ??= [...repo.artifacts.values()].sort(
    (a, b) => b.createdMs - a.createdMs || b.id - a.id
  )
  return repo.sorted
}

export function isExpired(a: StoredArtifact, nowMs: number): boolean {
  return a.seededExpired || a.expiresMs <= nowMs
}

export function toWire(
  repo: Repository,
  a: StoredArtifact,
  baseUrl: string,
  nowMs: number
): WireArtifact {
  const url = `${baseUrl}/repos/${repo.owner}/${repo.name}/actions/artifacts/${a.id}`
  return {
    id: a.id,
    node_id: Buffer.from(`08:Artifact${a.id}`).toString('base64'),
    name: a.name,
    size_in_bytes: a.size,
    url,
    archive_download_url: `${url}/zip`,
    expired: isExpired(a, nowMs),
    created_at: a.created_at,
    expires_at: a.expires_at,
    updated_at: a.updated_at,
    digest: a.digest,
    workflow_run: { ...a.workflowRun }
  }
}
