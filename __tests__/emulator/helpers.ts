/** Shared helpers for the emulator tests: seeds with known data, and fetch wrappers. */
import { createZip, type SeedArtifact } from '../../emulator/index.js'

export const READ = 'ghs_read_token'
export const WRITE = 'ghs_write_token'
export const REPO = 'octo-org/octo-repo'
export const REPO_ID = 1296269
export const DAY = 86400000
/** the tests' "now": 2025-06-01T00:00:00Z */
export const NOW = Date.UTC(2025, 5, 1)

const sharedZip = createZip([
  { name: 'hello.txt', data: Buffer.from('hello\n'.repeat(100)), mtime: new Date(NOW) }
])

export interface SeedOptions {
  run?: number
  branch?: string
  sha?: string
  expired?: boolean
  expiresInDays?: number
  content?: Buffer | (() => Buffer)
  digest?: string | null
  size?: number
  fork?: boolean
}

export function seed(
  id: number,
  name: string,
  createdMs: number,
  o: SeedOptions = {}
): SeedArtifact {
  const expires = createdMs + (o.expiresInDays ?? 90) * DAY
  return {
    id,
    name,
    created_at: new Date(createdMs).toISOString(),
    expires_at: new Date(expires).toISOString(),
    expired: o.expired ?? expires < NOW,
    workflow_run: {
      id: o.run ?? 5000 + id,
      repository_id: REPO_ID,
      head_repository_id: o.fork ? REPO_ID + 1 : REPO_ID,
      head_branch: o.branch ?? 'main',
      head_sha: o.sha ?? id.toString(16).padStart(40, 'a')
    },
    content: o.content ?? sharedZip,
    ...(o.digest !== undefined ? { digest: o.digest } : {}),
    ...(o.size !== undefined ? { size_in_bytes: o.size } : {})
  }
}

/**
 * 250 artifacts: ids 1..240 created one minute apart going up with the id, except that ids 101-110
 * share one created_at (to check the id tie-break); ids 241-250 are the oldest of all (so created_at,
 * not id, leads the order). Names cycle through four; runs hold 5 each.
 */
export function pagingFixture(): SeedArtifact[] {
  const names = ['build', 'build-linux', 'coverage', 'Build']
  const out: SeedArtifact[] = []
  for (let id = 1; id <= 250; id++) {
    const created =
      id > 240
        ? NOW - 50 * DAY + id * 60000
        : id >= 101 && id <= 110
          ? NOW - 10 * DAY
          : NOW - 10 * DAY + (id - 110) * 60000
    out.push(seed(id, names[id % 4], created, { run: 7000 + Math.ceil(id / 5) }))
  }
  return out
}

export interface Reply {
  status: number
  headers: Headers
  body: string
  json: <T = unknown>() => T
}

export async function call(
  base: string,
  path: string,
  token: string | null = READ,
  init: RequestInit = {}
): Promise<Reply> {
  const headers = new Headers(init.headers)
  if (token !== null) headers.set('authorization', `Bearer ${token}`)
  headers.set('accept', 'application/vnd.github+json')
  const res = await fetch(path.startsWith('http') ? path : base + path, {
    redirect: 'manual',
    ...init,
    headers
  })
  const body = await res.text()
  return {
    status: res.status,
    headers: res.headers,
    body,
    json: <T>(): T => JSON.parse(body) as T
  }
}

/** rel -> URL of a Link header */
export function parseLink(header: string | null): Record<string, string> {
  const out: Record<string, string> = {}
  if (!header) return out
  for (const part of header.split(',')) {
    const m = /^\s*<([^>]+)>;\s*rel="([^"]+)"\s*$/.exec(part)
    if (!m) throw new Error(`malformed Link part: ${part}`)
    out[m[2]] = m[1]
  }
  return out
}

export interface ListBody {
  total_count: number
  artifacts: { id: number; name: string; created_at: string; workflow_run: { id: number } }[]
}
