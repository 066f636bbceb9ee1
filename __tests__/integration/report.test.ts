/**
 * Issue 13, items 5 and 6: the storage report and the summary people read, through dist/index.js
 * against the emulator. Each test asserts the summary file, the outputs and the emulator's state.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import {
  type Emulator,
  type SeedArtifact,
  generateArtifacts,
  generateRepository,
  hostileRepository,
  startEmulator
} from '../../emulator/index.js'
import { runAction, visible } from '../../scripts/run-action.js'
import { Inputs, Outputs } from '../../src/settings.js'
import { formatBytes } from '../../src/units.js'

const REPO = 'octo-org/storage'
const REPO_ID = 4711
const TOKEN = 'ghs_write_token'
let emulator: Emulator
let seed: SeedArtifact[]
/** workflow name and run number by run id, and workflow name by id */
let runInfo: Map<number, { workflow: string; number: number }>

function render(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()]
  })
}

/** The rows of the Markdown table whose header starts with `| heading |`. */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n')
  const start = lines.findIndex((l) => l.startsWith(`| ${heading} |`))
  if (start < 0) return []
  const rows: string[][] = []
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++)
    rows.push(
      lines[i]
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim())
    )
  return rows
}

function pieLabels(markdown: string): string[] {
  const body = /```mermaid\n([\s\S]*?)\n```/.exec(markdown)?.[1] ?? ''
  return [...body.matchAll(/^\s+"([^"]*)" : \d+$/gm)].map((m) => m[1])
}

const live = (): ReturnType<Emulator['listArtifacts']> =>
  emulator.listArtifacts(REPO).filter((a) => !a.expired)

beforeAll(async () => {
  emulator = await startEmulator()
  const generated = generateRepository({ seed: 1313, count: 900, repositoryId: REPO_ID })
  // The pie: an artifact named `other` that holds ~40 % of the bytes.
  const first = generated.artifacts.findIndex((a) => !a.expired)
  const total = generated.artifacts.reduce((s, a) => s + (a.size_in_bytes ?? 0), 0)
  seed = generated.artifacts.map((a, i) =>
    i === first ? { ...a, name: 'other', size_in_bytes: Math.round(total * 0.7) } : a
  )
  emulator.addRepository(REPO, seed, {
    id: REPO_ID,
    workflows: generated.workflows,
    runs: generated.runs,
    pulls: generated.pulls
  })
  const workflows = new Map(generated.workflows.map((w) => [w.id, w.name]))
  runInfo = new Map(
    generated.runs.map((r) => [
      r.id,
      { workflow: workflows.get(r.workflow_id) ?? '', number: r.run_number }
    ])
  )
})
afterAll(async () => emulator.close())

describe('list: the storage report', () => {
  it('storage by name (unique pie labels), by branch (forks apart), by workflow; expired counted apart', async () => {
    emulator.resetRequests()
    const run = await runAction({ apiUrl: emulator.url, token: TOKEN, repository: REPO })
    expect(run.code).toBe(0)
    const all = emulator.listArtifacts(REPO)
    const stored = live()
    const expired = all.length - stored.length
    expect(expired).toBeGreaterThan(0)
    const bytes = stored.reduce((s, a) => s + a.size_in_bytes, 0)
    expect(Number(run.outputs[Outputs.Count])).toBe(stored.length)
    expect(run.summary).toContain(
      `${all.length.toLocaleString('en-US')} artifacts listed: ${stored.length.toLocaleString('en-US')} hold ${formatBytes(bytes)}; ` +
        `${expired} have expired (no storage) and were left out.`
    )
    // the pie: `other` keeps its own slice, the rest is "(N other names)", all labels unique
    const labels = pieLabels(run.summary)
    expect(new Set(labels).size).toBe(labels.length)
    expect(labels[0]).toMatch(/^other · /)
    expect(labels.some((l) => /^\(\d+ other names\) · /.test(l))).toBe(true)
    expect(run.summary).not.toContain('showData')
    // by branch: the repository's own main, counted from the emulator
    const mainOwn = stored.filter(
      (a) => a.workflow_run.head_branch === 'main' && a.workflow_run.head_repository_id === REPO_ID
    )
    const branchRows = tableAfter(run.summary, 'branch')
    expect(branchRows.find((r) => r[0] === 'main')?.[1]).toBe(
      mainOwn.length.toLocaleString('en-US')
    )
    // by workflow: each row's count from the emulator's runs
    const workflowRows = tableAfter(run.summary, 'workflow')
    expect(workflowRows.length).toBeGreaterThan(1)
    for (const row of workflowRows.filter((r) => !r[0].startsWith('('))) {
      const name = row[0].replace(/ \(.*\)$/, '')
      const expected = stored.filter(
        (a) => runInfo.get(a.workflow_run.id)?.workflow === name
      ).length
      expect(row[1]).toBe(expected.toLocaleString('en-US'))
    }
    // naming runs cost unfiltered run pages only, and at most as many as the listing took
    const artifactPages = emulator.requests.filter(
      (r) => r.path === `/repos/${REPO}/actions/artifacts`
    ).length
    const runRequests = emulator.requests.filter((r) => r.path.includes('/actions/runs'))
    expect(runRequests.length).toBeGreaterThan(0)
    expect(runRequests.length).toBeLessThanOrEqual(Math.max(5, artifactPages))
    expect(emulator.requests.length).toBe(artifactPages + runRequests.length)
    const pageRequests = runRequests.filter((r) => r.path === `/repos/${REPO}/actions/runs`)
    for (const r of pageRequests) expect(Object.keys(r.query).sort()).toEqual(['page', 'per_page'])
    expect(run.summary).toContain(`Workflows from the artifacts' runs: ${pageRequests.length} page`)
  })

  it('shows runs as workflow and run number, linked, and marks artifacts made by forks', async () => {
    const run = await runAction({ apiUrl: emulator.url, token: TOKEN, repository: REPO })
    const rows = tableAfter(run.summary, 'name').length
    expect(rows).toBeGreaterThan(0)
    const table = run.summary.split('### Artifacts')[1]
    const artifactRows = table.split('\n').filter((l) => /^\| .* \| \d+ \|/.test(l))
    const byId = new Map(live().map((a) => [a.id, a]))
    let forks = 0
    for (const row of artifactRows) {
      const cells = row.split(/(?<!\\)\|/).map((c) => c.trim())
      const a = byId.get(Number(cells[2]))
      expect(a).toBeDefined()
      if (!a) continue
      const info = runInfo.get(a.workflow_run.id)
      expect(cells[3]).toBe(
        `[${info?.workflow} #${info?.number}](https://github.com/${REPO}/actions/runs/${a.workflow_run.id})`
      )
      const fork = a.workflow_run.head_repository_id !== REPO_ID
      expect(cells[4].endsWith(' _fork_')).toBe(fork)
      if (fork) forks += 1
    }
    expect(forks).toBeGreaterThan(0)
    const allForks = live().filter((a) => a.workflow_run.head_repository_id !== REPO_ID).length
    expect(run.summary).toContain(`${allForks} artifacts were made by runs from forks`)
    // GFM: every table keeps its columns
    for (const t of render(run.summary).match(/<table>[\s\S]*?<\/table>/g) ?? []) {
      const widths = (t.match(/<tr>[\s\S]*?<\/tr>/g) ?? []).map(
        (tr) => (tr.match(/<t[dh]\b/g) ?? []).length
      )
      expect(new Set(widths).size).toBe(1)
    }
  })
})

describe('delete: the summary answers its question', () => {
  it('a dry run with limit: 5 — the header and chart cover the 5 that would go; nothing deleted', async () => {
    emulator.resetRequests()
    const run = await runAction({
      apiUrl: emulator.url,
      token: TOKEN,
      repository: REPO,
      inputs: {
        [Inputs.Mode]: 'delete',
        [Inputs.Name]: '*',
        [Inputs.DryRun]: 'true',
        [Inputs.Limit]: '5',
        [Inputs.KeepLatest]: '1'
      }
    })
    expect(run.code).toBe(0)
    expect(emulator.deletedIds(REPO)).toEqual([])
    expect(emulator.requests.filter((r) => r.method === 'DELETE')).toEqual([])
    const outcomes = JSON.parse(run.outputs[Outputs.Artifacts]) as {
      outcome: string
      size_in_bytes: number
    }[]
    const going = outcomes.filter((a) => a.outcome === 'would-delete')
    expect(going).toHaveLength(5)
    const later = outcomes.length - 5
    // keep-latest: 1 per group, and a group is a name within one provenance (the repository's
    // own runs, or one fork's head repository: SPEC, "Selection", step 3)
    const provenance = (a: ReturnType<typeof stored>[number]): string => {
      const run = a.workflow_run
      return run?.repository_id !== undefined && run.repository_id === run.head_repository_id
        ? ''
        : `fork:${run?.head_repository_id ?? 'unknown'}`
    }
    const groups = new Set(stored().map((a) => JSON.stringify([provenance(a), a.name])))
    const kept = groups.size
    const freed = going.reduce((s, a) => s + a.size_in_bytes, 0)
    expect(run.summary.split('\n')[2]).toBe(
      `**Would delete 5 artifacts, freeing ${formatBytes(freed)}; ${later.toLocaleString('en-US')} left for a later run; ${kept} kept.**`
    )
    expect(run.summary).toContain(`Kept: ${kept} by keep-latest.`)
    const nameRows = tableAfter(run.summary, 'name')
    expect(nameRows.reduce((s, r) => s + Number(r[1].replace(/,/g, '')), 0)).toBe(5)
    expect(run.summary).toContain('### What would be deleted')
    expect(run.summary).not.toMatch(/would-delete|not-reached/)
    expect(run.summary).toContain('left for a later run')
  })

  it('a real delete says what storage is left, as the emulator holds it after', async () => {
    const run = await runAction({
      apiUrl: emulator.url,
      token: TOKEN,
      repository: REPO,
      inputs: {
        [Inputs.Mode]: 'delete',
        [Inputs.Name]: 'logs-*',
        [Inputs.DeletesPerMinute]: '0'
      }
    })
    expect(run.code).toBe(0)
    const deleted = Number(run.outputs[Outputs.DeletedCount])
    expect(deleted).toBeGreaterThan(0)
    expect(emulator.deletedIds(REPO)).toHaveLength(deleted)
    const left = stored()
    const bytes = left.reduce((s, a) => s + a.size_in_bytes, 0)
    expect(run.summary).toContain(
      `**Deleted ${deleted} artifacts, freeing ${formatBytes(Number(run.outputs[Outputs.DeletedBytes]))}.**`
    )
    expect(run.summary).toContain(
      `Storage left: ${left.length.toLocaleString('en-US')} artifacts, ${formatBytes(bytes)} (of the artifacts listed).`
    )
    expect(run.summary).toContain('### What was deleted')
  })
})

function stored(): ReturnType<Emulator['listArtifacts']> {
  return live()
}

describe('small things people read', () => {
  it('one artifact: "1 artifact listed", "1 artifact matched"', async () => {
    const one = 'octo-org/one'
    emulator.addRepository(one, generateArtifacts({ seed: 5, count: 1, expiredFraction: 0 }))
    const run = await runAction({ apiUrl: emulator.url, token: TOKEN, repository: one })
    expect(run.code).toBe(0)
    expect(visible(run.stdout)).toContain('1 artifact listed; 1 matched')
    expect(run.summary).toContain('**1 artifact matched, holding ')
    expect(run.summary).toContain('1 artifact listed: 1 holds ')
    expect(run.summary + visible(run.stdout)).not.toMatch(/\b1 artifacts\b|\b1 more rows\b/)
  })

  it('the artifacts output cut is visible in the summary, and the table is cut once', async () => {
    const big = 'octo-org/big'
    const many = generateArtifacts({ seed: 9, count: 4000, expiredFraction: 0 }).map((a) => ({
      ...a,
      name: `${a.name}-${'n'.repeat(200)}`
    }))
    emulator.addRepository(big, many)
    const run = await runAction({ apiUrl: emulator.url, token: TOKEN, repository: big })
    expect(run.code).toBe(0)
    const inOutput = (JSON.parse(run.outputs[Outputs.Artifacts]) as unknown[]).length
    expect(inOutput).toBeLessThan(4000)
    expect(run.summary).toContain(
      `The \`artifacts\` output holds the first ${inOutput.toLocaleString('en-US')} of 4,000 artifacts`
    )
    expect(run.summary.match(/… and [\d,]+ more\./g)).toEqual(['… and 3,700 more.'])
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024)
  })

  it('hostile names and workflow names stay data in the summary (GFM)', async () => {
    const hostile = hostileRepository({ now: Date.now(), repositoryId: 616 })
    emulator.addRepository('octo-org/hostile', hostile.artifacts, hostile.extras)
    const run = await runAction({
      apiUrl: emulator.url,
      token: TOKEN,
      repository: 'octo-org/hostile'
    })
    expect(run.code).toBe(0)
    const html = render(run.summary)
    expect(html).not.toMatch(/<(img|script)\b/)
    expect(html.match(/<h2>/g)).toHaveLength(1)
    expect(html).not.toContain('OUT OF THE MERMAID FENCE</h2>')
    expect(html.match(/<code class="language-mermaid">/g)).toHaveLength(1)
    const labels = pieLabels(run.summary)
    expect(labels.length).toBeGreaterThan(1)
    for (const label of labels) expect(label).not.toMatch(/[#;`%{}\\]/)
  })
})
