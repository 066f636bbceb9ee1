import { describe, expect, it } from '@jest/globals'
import { toWirePull, toWireRun } from '../../emulator/runs-state.js'
import type { SeedPullRequest, SeedRun } from '../../emulator/types.js'
import {
  checkArtifact,
  checkArtifactList,
  checkPullRequest,
  checkRun,
  checkRunList,
  ResponseShapeError
} from '../../src/github/validate.js'

const LIST = 'GET /repos/o/r/actions/artifacts (page 1)'

/** An artifact as GitHub documents it (docs example), with the fields the action ignores. */
const good = {
  id: 11,
  node_id: 'MDg6QXJ0aWZhY3QxMQ==',
  name: 'Rails',
  size_in_bytes: 556,
  url: 'https://api.github.com/repos/octo-org/octo-docs/actions/artifacts/11',
  archive_download_url: 'https://api.github.com/repos/octo-org/octo-docs/actions/artifacts/11/zip',
  expired: false,
  created_at: '2020-01-10T14:59:22Z',
  expires_at: '2020-03-21T14:59:22Z',
  updated_at: '2020-02-21T14:59:22Z',
  digest: 'sha256:cfc3236bdad15b5898bca8408945c9e19e1917da8704adc20eaa618444290a8c',
  workflow_run: {
    id: 2332938,
    repository_id: 1296269,
    head_repository_id: 1296269,
    head_branch: 'main',
    head_sha: '328faa0536e6fef19753d9d91dc96a9931694ce3'
  }
}

const repo = {
  id: 1296269,
  owner: 'octo-org',
  name: 'octo-repo',
  fullName: 'octo-org/octo-repo',
  workflows: new Map(),
  pulls: new Map()
}
const seedRun: SeedRun = {
  id: 30433642,
  workflow_id: 159038,
  event: 'push',
  status: 'completed',
  conclusion: 'success',
  head_branch: 'main',
  head_sha: 'acb5820ced9479c074f688cc328bf03f341a511d',
  head_repository_id: 1296269,
  run_number: 562,
  created_at: '2020-01-22T19:33:08Z'
}
const goodRun = toWireRun('https://api.github.com', repo as never, seedRun) as Record<
  string,
  unknown
>
const seedPull: SeedPullRequest = {
  number: 1347,
  state: 'open',
  head_ref: 'new-topic',
  head_sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e',
  head_repository_id: 1296269,
  base_ref: 'main',
  created_at: '2011-01-26T19:01:12Z'
}
const goodPull = toWirePull('https://api.github.com', repo as never, seedPull) as Record<
  string,
  unknown
>

function problem(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ResponseShapeError)
    return (error as Error).message
  }
  throw new Error('no error')
}

describe('checkArtifactList', () => {
  it('keeps only the fields the action uses, typed', () => {
    expect(checkArtifactList({ total_count: 1, artifacts: [good] }, LIST)).toEqual({
      total_count: 1,
      artifacts: [
        {
          id: 11,
          name: 'Rails',
          size_in_bytes: 556,
          expired: false,
          created_at: '2020-01-10T14:59:22Z',
          expires_at: '2020-03-21T14:59:22Z',
          updated_at: '2020-02-21T14:59:22Z',
          digest: good.digest,
          workflow_run: good.workflow_run
        }
      ]
    })
  })

  it('accepts null where the description allows it, and GHES without digest', () => {
    const { digest: _d, ...noDigest } = good
    void _d
    const a = checkArtifactList(
      {
        total_count: 3,
        artifacts: [
          { ...good, workflow_run: null },
          { ...good, created_at: null, expires_at: null, updated_at: null, digest: null },
          { ...noDigest, workflow_run: {} }
        ]
      },
      LIST
    ).artifacts
    expect(a[0].workflow_run).toBeNull()
    expect(a[1].created_at).toBeNull()
    expect(a[2].digest).toBeNull()
    expect(a[2].workflow_run).toEqual({})
    expect(checkArtifactList({ total_count: 0, artifacts: [] }, LIST).artifacts).toEqual([])
  })

  it.each<[string, unknown, string]>([
    [
      'an HTML page',
      '<!DOCTYPE html>\n<html><head><title>Sign in</title>',
      'text, not JSON: "<!DOCTYPE html>\\n<html><head><title>Sign …"'
    ],
    [
      'JSON cut short (Octokit hands the text over)',
      '{"total_count":3,"artifacts":[{"id":1,',
      'text, not JSON: "{\\"total_count\\":3,\\"artifacts\\":[{\\"id\\":1,"'.replace(/\\"/g, '"')
    ],
    ['null', null, 'the answer is null, not an object'],
    ['artifacts: null', { total_count: 1, artifacts: null }, 'artifacts is null, not an array'],
    ['no total_count', { artifacts: [] }, 'total_count is missing, not a non-negative integer'],
    [
      'name: null',
      { total_count: 1, artifacts: [{ ...good, name: null }] },
      'artifacts[0].name is null, not a string'
    ],
    [
      'created_at: "yesterday"',
      { total_count: 1, artifacts: [{ ...good, created_at: 'yesterday' }] },
      'artifacts[0].created_at is "yesterday", not an ISO 8601 date-time'
    ],
    [
      'size_in_bytes: -5e20',
      { total_count: 1, artifacts: [{ ...good, size_in_bytes: -5e20 }] },
      'artifacts[0].size_in_bytes is -500000000000000000000, not a non-negative integer'
    ],
    [
      'a string id',
      { total_count: 1, artifacts: [{ ...good, id: '11' }] },
      'artifacts[0].id is "11", not a positive integer id'
    ],
    [
      'id 0',
      { total_count: 1, artifacts: [{ ...good, id: 0 }] },
      'artifacts[0].id is 0, not a positive integer id'
    ],
    [
      'an id beyond 2^53',
      { total_count: 1, artifacts: [{ ...good, id: 2 ** 53 + 2 }] },
      'artifacts[0].id is 9007199254740994, not a positive integer id'
    ],
    [
      'a fractional size',
      { total_count: 1, artifacts: [{ ...good, size_in_bytes: 1.5 }] },
      'artifacts[0].size_in_bytes is 1.5, not a non-negative integer'
    ],
    [
      'expired as a string',
      { total_count: 1, artifacts: [{ ...good, expired: 'false' }] },
      'artifacts[0].expired is "false", not true or false'
    ],
    [
      'a run id as a string',
      { total_count: 1, artifacts: [{ ...good, workflow_run: { id: 'x' } }] },
      'artifacts[0].workflow_run.id is "x", not a positive integer id'
    ],
    [
      'total_count: -1',
      { total_count: -1, artifacts: [] },
      'total_count is -1, not a non-negative integer'
    ],
    [
      'total_count: Infinity-like',
      { total_count: JSON.parse('1e400') as number, artifacts: [] },
      'total_count is Infinity, not a non-negative integer'
    ]
  ])('refuses %s, naming the endpoint and the field', (_, data, detail) => {
    expect(problem(() => checkArtifactList(data, LIST))).toBe(
      `${LIST}: the API answered something that is not an artifact list (${detail}).`
    )
  })

  it('shows a hostile value escaped, cut short', () => {
    const message = problem(() =>
      checkArtifactList(
        {
          total_count: 1,
          artifacts: [{ ...good, name: ['##[add-mask]x\u001b[2J', 'y'.repeat(100)] }]
        },
        LIST
      )
    )
    expect(message).not.toContain('##[')
    // eslint-disable-next-line no-control-regex
    expect(message).not.toMatch(/[\u0000-\u001f]/)
    expect(message.length).toBeLessThan(250)
  })

  it('accepts a total_count that lies: a claim, left to the paging rule', () => {
    expect(checkArtifactList({ total_count: 1e12, artifacts: [good] }, LIST).total_count).toBe(1e12)
  })
})

describe('checkArtifact', () => {
  it('reads one artifact and names its endpoint when wrong', () => {
    expect(checkArtifact(good, 'GET a/11').id).toBe(11)
    expect(problem(() => checkArtifact({ ...good, size_in_bytes: '556' }, 'GET a/11'))).toBe(
      'GET a/11: the API answered something that is not an artifact (size_in_bytes is "556", not a non-negative integer).'
    )
  })
})

describe('checkRunList and checkRun', () => {
  it('read the emulator’s (GitHub-shaped) run, keeping what the action uses', () => {
    expect(checkRun(goodRun, 'GET run')).toEqual({
      id: 30433642,
      workflow_id: 159038,
      path: goodRun.path,
      event: 'push',
      status: 'completed',
      conclusion: 'success',
      head_branch: 'main',
      head_sha: seedRun.head_sha,
      created_at: '2020-01-22T19:33:08Z',
      head_repository: { id: 1296269 },
      name: 'CI',
      run_number: 562
    })
    const list = checkRunList({ total_count: 1, workflow_runs: [goodRun] }, 'GET runs')
    expect(list.workflow_runs).toHaveLength(1)
  })

  it('leaves out a name or run_number the report cannot use, never failing for them', () => {
    const run = checkRun({ ...goodRun, name: 42, run_number: -1 }, 'GET run')
    expect(run).not.toHaveProperty('name')
    expect(run).not.toHaveProperty('run_number')
    expect(checkRun({ ...goodRun, name: null, run_number: 1.5 }, 'GET run')).not.toHaveProperty(
      'run_number'
    )
  })

  it('accepts nulls GitHub sends: branch, status, conclusion, a deleted fork', () => {
    const run = checkRun(
      { ...goodRun, head_branch: null, status: null, conclusion: null, head_repository: null },
      'GET run'
    )
    expect([run.head_branch, run.status, run.conclusion, run.head_repository]).toEqual([
      null,
      null,
      null,
      null
    ])
  })

  it.each<[string, Record<string, unknown>, string]>([
    [
      'workflow_runs: null',
      { total_count: 1, workflow_runs: null },
      'workflow_runs is null, not an array'
    ],
    [
      'head_sha: null',
      { total_count: 1, workflow_runs: [{ ...goodRun, head_sha: null }] },
      'workflow_runs[0].head_sha is null, not a string'
    ],
    [
      'created_at: "yesterday"',
      { total_count: 1, workflow_runs: [{ ...goodRun, created_at: 'yesterday' }] },
      'workflow_runs[0].created_at is "yesterday", not an ISO 8601 date-time'
    ],
    [
      'a string id',
      { total_count: 1, workflow_runs: [{ ...goodRun, id: '1' }] },
      'workflow_runs[0].id is "1", not a positive integer id'
    ]
  ])('refuses %s', (_, data, detail) => {
    expect(problem(() => checkRunList(data, 'GET runs'))).toBe(
      `GET runs: the API answered something that is not a workflow run list (${detail}).`
    )
  })
})

describe('checkPullRequest', () => {
  it('reads the head, a deleted fork included', () => {
    expect(checkPullRequest(goodPull, 'GET pull')).toEqual({
      number: 1347,
      state: 'open',
      head: { ref: 'new-topic', sha: seedPull.head_sha, repo: { id: 1296269 } }
    })
    const head = { ...(goodPull.head as object), repo: null }
    expect(checkPullRequest({ ...goodPull, head }, 'GET pull').head.repo).toBeNull()
  })

  it('refuses a pull request without a head ref, or with a string number', () => {
    const head = { ...(goodPull.head as object), ref: null }
    expect(problem(() => checkPullRequest({ ...goodPull, head }, 'GET pull'))).toContain(
      'head.ref is null, not a string'
    )
    expect(problem(() => checkPullRequest({ ...goodPull, number: '1347' }, 'GET pull'))).toContain(
      'not a pull request (number is "1347", not a positive integer id)'
    )
  })
})
