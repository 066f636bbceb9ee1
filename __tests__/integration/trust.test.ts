/**
 * Issue 11 through dist/index.js: everything the API says is data, never a command, markup or a
 * crash. Hostile names and branches (emulator `hostileRepository`), malformed answers
 * (`installMalformed`), lying counts, a token with a line break, a URL with user:password.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { micromark } from 'micromark'
import { minimatch } from 'minimatch'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import {
  type Emulator,
  type MalformedController,
  type MalformedEndpoint,
  type MalformedKind,
  HOSTILE_BRANCHES,
  HOSTILE_NAMES,
  generateArtifacts,
  hostileRepository,
  installMalformed,
  startEmulator
} from '../../emulator/index.js'
import { type ActionRun, runAction, visible } from '../../scripts/run-action.js'
import { Inputs, Outputs } from '../../src/settings.js'

const WRITE = 'ghs_write_token'
const OWNER = 'octo-org'
const REPO_ID = 1296269

let emulator: Emulator
let malformed: MalformedController | undefined
let counter = 0
let repo = ''

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => emulator.close())
afterEach(() => {
  malformed?.remove()
  malformed = undefined
})

/** A fresh repository holding one artifact per hostile name, on the hostile branches. */
function addHostile(names?: string[]): ReturnType<typeof hostileRepository> {
  counter += 1
  repo = `${OWNER}/hostile-${counter}`
  const hostile = hostileRepository({ now: Date.now(), repositoryId: REPO_ID, names })
  emulator.addRepository(repo, hostile.artifacts, hostile.extras)
  emulator.resetRequests()
  return hostile
}

/** A fresh repository of `count` ordinary artifacts. */
function addPlain(count: number): void {
  counter += 1
  repo = `${OWNER}/plain-${counter}`
  emulator.addRepository(repo, generateArtifacts({ seed: counter, count, repositoryId: REPO_ID }), {
    id: REPO_ID
  })
  emulator.resetRequests()
}

function act(
  inputs: Record<string, string>,
  extra: Partial<Parameters<typeof runAction>[0]> = {}
): Promise<ActionRun> {
  return runAction({
    apiUrl: emulator.url,
    token: WRITE,
    repository: repo,
    ...extra,
    inputs: { [Inputs.DeletesPerMinute]: '0', ...inputs }
  })
}

/** The workflow commands the action itself issues (core: add-mask, group, warning, error, debug…). */
const OWN_COMMAND = /^::(add-mask|group|endgroup|warning|error|debug|notice)::/

// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/

/** Checks stdout as the runner reads it: no injected command, no legacy command, no ANSI. */
function expectCleanLog(run: ActionRun): void {
  const lines = run.stdout.split('\n')
  for (const line of lines) {
    if (line.trimStart().startsWith('::')) expect(line).toMatch(OWN_COMMAND)
    expect(line).not.toContain('##[')
    expect(line).not.toMatch(ANY_CONTROL)
  }
  // the runner also reads a bare CR as a line break
  expect(run.stdout).not.toContain('\r')
  for (const injected of ['::set-output', '::stop-commands', '::add-mask::Deleted', 'pwned::'])
    expect(lines.some((l) => l.trimStart().startsWith(injected))).toBe(false)
  // no output was set by a name: only the action's own outputs exist
  const own: string[] = Object.values(Outputs)
  for (const name of Object.keys(run.outputs)) expect(own).toContain(name)
  expect(run.outputs).not.toHaveProperty('injected')
  expect(run.outputs).not.toHaveProperty('branch')
  expect(run.outputs).not.toHaveProperty('legacy')
}

/** Markdown to HTML the way GitHub reads it: CommonMark + GFM, raw HTML let through. */
function render(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()]
  })
}

/** The summary rendered: data made no heading, link, image, HTML element, or second code block. */
function expectCleanSummary(run: ActionRun, rows: number): void {
  const html = render(run.summary)
  expect(html).not.toMatch(/<h[1-6]>[^<]*(OUT OF THE|heading|a17)/i)
  expect(html).not.toMatch(/<(img|script|b)\b/i)
  expect(html).not.toMatch(/href="https:\/\/evil/)
  expect(html).not.toMatch(/<(strong|em|del)>[^<]*bold/)
  // one Mermaid block, each of its lines a title or a quoted label with a number
  const blocks = [
    ...html.matchAll(/<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g)
  ]
  expect(blocks).toHaveLength(1)
  const pie = blocks[0][1]
    .replace(/&quot;/g, '"')
    .trim()
    .split('\n')
  expect(pie[0]).toBe('pie showData')
  for (const line of pie.slice(2)) expect(line).toMatch(/^ {2}"[^"]*" : \d+$/)
  expect(html.match(/<pre>/g)).toHaveLength(1)
  // the artifact table has one row per artifact: no name or branch broke a row
  const tables = [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => m[1])
  const artifactTable = tables.find((t) => t.includes('<th>outcome</th>')) ?? ''
  expect(artifactTable.match(/<tr>/g)?.length).toBe(rows + 1)
  for (const row of artifactTable.match(/<tr>[\s\S]*?<\/tr>/g) ?? [])
    expect(row.match(/<t[dh]( [^>]*)?>/g)).toHaveLength(7)
}

describe('hostile names and branches are data (issue 11, items 1 and 2)', () => {
  const names = Object.values(HOSTILE_NAMES)
  const aNames = names.filter((n) => n.startsWith('a'))

  it('delete: names with workflow commands, CR, ANSI and ::stop-commands:: print as data', async () => {
    const hostile = addHostile()
    const run = await act({ [Inputs.Mode]: 'delete', [Inputs.Name]: 'a*' })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    // 'a*' is a glob: names with a '/' in them (a link) do not match it
    const matching = hostile.artifacts.filter((a) => minimatch(a.name, 'a*'))
    expect(matching.length).toBeGreaterThan(10)
    expect(emulator.deletedIds(repo).sort()).toEqual(matching.map((a) => a.id).sort())
    expect(run.outputs[Outputs.DeletedCount]).toBe(String(matching.length))
    expectCleanLog(run)
    // every name was logged, escaped, on its own "Deleted:" line
    const deleted = run.stdout.split('\n').filter((l) => l.startsWith('Deleted: '))
    expect(deleted).toHaveLength(matching.length)
    expect(deleted.some((l) => l.startsWith('Deleted: a1\\n::set-output name=injected'))).toBe(true)
    expect(deleted.some((l) => l.startsWith('Deleted: a2\\n::stop-commands::tok42'))).toBe(true)
    // the artifacts output carries the names exactly (JSON is data)
    const listed = JSON.parse(run.outputs[Outputs.Artifacts]) as { name: string }[]
    expect(listed.map((a) => a.name).sort()).toEqual(matching.map((a) => a.name).sort())
    expectCleanSummary(run, matching.length)
  })

  it('dry-run: ::warning title=…::, ::add-mask::Deleted, ANSI and legacy ##[…] print as data', async () => {
    // HOSTILE_NAMES.ansi holds a link ('/'), which the glob 'a*' does not match: one without
    const ansi = 'a19\u001b[31mred\u001b[0m\u001b[2J\u001b[1A\u001b]8;;x\u0007link'
    addHostile([...names, ansi])
    const run = await act({
      [Inputs.Mode]: 'delete',
      [Inputs.DryRun]: 'true',
      [Inputs.Name]: 'a*'
    })
    expect(run.code).toBe(0)
    expect(emulator.deletedIds(repo)).toEqual([])
    expectCleanLog(run)
    const would = run.stdout.split('\n').filter((l) => l.startsWith('Would delete '))
    expect(would).toHaveLength([...aNames, ansi].filter((n) => minimatch(n, 'a*')).length)
    expect(would.some((l) => l.includes('a4\\n::add-mask::Deleted'))).toBe(true)
    expect(would.some((l) => l.includes('a19\\x1b[31mred\\x1b[0m\\x1b[2J'))).toBe(true)
    expect(would.some((l) => l.includes('a18 #\\x23[set-output'))).toBe(true)
    // nothing was masked by a name: the word 'Deleted' is not behind '***'
    expect(visible(run.stdout)).toContain('::add-mask::Deleted')
    expect(run.stdout.split('\n').some((l) => l.startsWith('::add-mask::Deleted'))).toBe(false)
  })

  it('list: the summary shows every hostile name and branch as text (Mermaid, table, headings)', async () => {
    const hostile = addHostile()
    const run = await act({ [Inputs.Mode]: 'list' })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(run.outputs[Outputs.Count]).toBe(String(hostile.artifacts.length))
    expectCleanLog(run)
    expectCleanSummary(run, hostile.artifacts.length)
    // the branch that broke rows is there, shown as text in its row
    const text = render(run.summary)
    expect(text).toContain('br\\n&amp;#124; x &amp;#124; y &amp;#124;'.replace(/&amp;#124;/g, '|'))
    const branches = JSON.parse(run.outputs[Outputs.Artifacts]) as { head_branch: string }[]
    expect(new Set(branches.map((a) => a.head_branch))).toEqual(
      new Set(Object.values(HOSTILE_BRANCHES))
    )
  })

  it('a name "other" does not merge with the pie\'s "other" slice', async () => {
    counter += 1
    repo = `${OWNER}/other-${counter}`
    // equal sizes: names sort by name, so 'other' is in the top ten and x9, x10 make the slice
    const names = ['other', ...Array.from({ length: 11 }, (_, i) => `x${i}`)]
    const hostile = hostileRepository({ now: Date.now(), repositoryId: REPO_ID, names })
    emulator.addRepository(repo, hostile.artifacts, hostile.extras)
    const run = await act({ [Inputs.Mode]: 'list' })
    expect(run.code).toBe(0)
    const pie = run.summary.slice(run.summary.indexOf('```mermaid'))
    const labels = [...pie.matchAll(/^ {2}("[^"]*") : \d+$/gm)].map((m) => m[1])
    expect(labels).toHaveLength(11)
    expect(new Set(labels).size).toBe(labels.length)
    expect(labels).toContain('"other"')
    expect(labels).toContain('"other (2)"')
  })
})

/** A malformed answer: one clear error naming the endpoint; never a JavaScript internal. */
function expectShapeError(run: ActionRun, endpoint: RegExp): void {
  expect(run.code).not.toBe(0)
  expect(run.errors).toHaveLength(1)
  const [error] = run.errors
  expect(error).toMatch(endpoint)
  expect(error).toContain('the API answered something that is not')
  for (const internal of [
    'TypeError',
    'Cannot read properties',
    'Invalid time value',
    'BigInt',
    'Invalid array length',
    'Unexpected token',
    'is not a function'
  ])
    expect(run.stdout + run.stderr).not.toContain(internal)
  expect(run.stderr).toBe('')
  expectCleanLog(run)
}

describe('malformed answers are clear errors naming the endpoint (issue 11, item 3)', () => {
  const kinds: MalformedKind[] = [
    'html',
    'invalid-json',
    'list-null',
    'string-null',
    'date-not-a-date',
    'negative-size',
    'string-id'
  ]

  it.each(kinds)('artifact list answers %s: one request, no retry, no delete', async (kind) => {
    addHostile()
    malformed = installMalformed(emulator, { kind, endpoints: ['artifact-list'] })
    const run = await act({ [Inputs.Mode]: 'delete', [Inputs.Name]: 'a*' })
    expectShapeError(run, /GET \/repos\/octo-org\/hostile-\d+\/actions\/artifacts \(page 1\)/)
    // a wrong shape is final: asked once, never retried, nothing acted on
    const lists = emulator.requests.filter((r) => r.path.endsWith('/actions/artifacts'))
    expect(lists).toHaveLength(1)
    expect(emulator.deletedIds(repo)).toEqual([])
    expect(run.outputs).toEqual({})
  })

  const single: [MalformedEndpoint, MalformedKind, Record<string, string>, RegExp][] = [
    [
      'artifact',
      'string-null',
      { [Inputs.Mode]: 'list', [Inputs.ArtifactIds]: '700000001' },
      /GET \/repos\/[^ ]+\/actions\/artifacts\/700000001/
    ],
    [
      'artifact',
      'date-not-a-date',
      { [Inputs.Mode]: 'list', [Inputs.ArtifactIds]: '700000001' },
      /actions\/artifacts\/700000001.*created_at/
    ],
    [
      'run-list',
      'list-null',
      { [Inputs.Mode]: 'list', [Inputs.RunConclusion]: 'success' },
      /GET \/repos\/[^ ]+\/actions\/runs \(page 1\)/
    ],
    [
      'run-list',
      'string-null',
      { [Inputs.Mode]: 'list', [Inputs.Event]: 'push' },
      /actions\/runs \(page 1\).*head_sha/
    ],
    [
      'pull',
      'string-null',
      { [Inputs.Mode]: 'list', [Inputs.PullRequest]: '4242' },
      /GET \/repos\/[^ ]+\/pulls\/4242.*head\.ref/
    ],
    [
      'run',
      'string-id',
      { [Inputs.Mode]: 'list', [Inputs.RunId]: '800000001', [Inputs.RunConclusion]: 'success' },
      /GET \/repos\/[^ ]+\/actions\/runs\/800000001/
    ]
  ]
  it.each(single)('%s answers %s', async (endpoint, kind, inputs, message) => {
    addHostile()
    malformed = installMalformed(emulator, { kind, endpoints: [endpoint] })
    const run = await act(inputs)
    expect(malformed.served[endpoint]).toBeGreaterThan(0)
    expectShapeError(run, message)
  })
})

describe('a lying total_count is a claim, not a plan (issue 11, item 4)', () => {
  it.each([1e12, 1e8])('total_count %d: the true pages only, the true list', async (claim) => {
    addPlain(250)
    malformed = installMalformed(emulator, {
      kind: 'total-count',
      endpoints: ['artifact-list'],
      totalCount: claim
    })
    const run = await act(
      { [Inputs.Mode]: 'list', [Inputs.IncludeExpired]: 'true' },
      { measureRss: true }
    )
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(run.outputs[Outputs.Count]).toBe('250')
    expect(run.outputs[Outputs.Complete]).toBe('true')
    // 3 pages hold 250; the walk may ask a window ahead (the concurrency bound) before page 3 ends it
    const lists = emulator.requests.filter((r) => r.path.endsWith('/actions/artifacts'))
    expect(lists.length).toBeGreaterThanOrEqual(3)
    expect(lists.length).toBeLessThanOrEqual(3 + 8)
    expect(run.maxRssBytes).toBeLessThan(400 * 1024 * 1024)
  })

  it('pages that are always full: the budget of pages, a warning, complete=false, nothing deleted beyond', async () => {
    addPlain(250)
    malformed = installMalformed(emulator, { kind: 'always-full', endpoints: ['artifact-list'] })
    const run = await act(
      { [Inputs.Mode]: 'list', [Inputs.IncludeExpired]: 'true' },
      { measureRss: true }
    )
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    // page 1 says 250: 3 pages implied, plus 2 for uploads meanwhile
    const lists = emulator.requests.filter((r) => r.path.endsWith('/actions/artifacts'))
    expect(lists).toHaveLength(5)
    expect(run.outputs[Outputs.Count]).toBe('500')
    expect(run.outputs[Outputs.Complete]).toBe('false')
    expect(run.warnings.some((w) => /kept returning full pages/.test(w))).toBe(true)
    expect(run.maxRssBytes).toBeLessThan(400 * 1024 * 1024)
  })
})

describe('secrets never reach the log (issue 11, item 5)', () => {
  it('a token with a line break: refused before any request, never printed, even escaped', async () => {
    addPlain(3)
    const token = 'ghs_AAAAline1\nghs_BBBBline2'
    const run = await act({ [Inputs.Mode]: 'list' }, { token })
    expect(run.code).not.toBe(0)
    expect(emulator.requests).toEqual([])
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(/Input 'token'.*line break/)
    // the runner consumes ::add-mask:: lines; nothing else shows any piece of the token
    const shown = visible(run.stdout) + run.stderr
    for (const piece of ['ghs_AAAAline1', 'ghs_BBBBline2', 'AAAAline1', 'BBBBline2'])
      expect(shown).not.toContain(piece)
    // and each line of it was registered with the runner
    expect(run.stdout).toContain('::add-mask::ghs_AAAAline1\n')
    expect(run.stdout).toContain('::add-mask::ghs_BBBBline2\n')
    expect(run.stdout).toContain('::add-mask::ghs_AAAAline1%0Aghs_BBBBline2\n')
  })

  it('GITHUB_API_URL with user:password: the password is never printed', async () => {
    addPlain(3)
    const url = new URL(emulator.url)
    url.username = 'someone'
    url.password = 'PASSWORD42'
    const run = await act({ [Inputs.Mode]: 'list' }, { apiUrl: url.href.replace(/\/$/, '') })
    // the URL stays usable: its user:password is dropped (the token authenticates), with a warning
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(emulator.requests.some((r) => r.path.endsWith('/actions/artifacts'))).toBe(true)
    expect(run.warnings).toEqual([expect.stringContaining('GITHUB_API_URL holds a user name')])
    expect(run.stdout + run.stderr).not.toContain('PASSWORD42')
    expect(run.stdout + run.stderr).not.toContain('someone')
    expectCleanLog(run)
  })
})
