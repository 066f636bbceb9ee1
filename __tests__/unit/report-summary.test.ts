import { describe, expect, it } from '@jest/globals'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import type { ArtifactResult, Outcome } from '../../src/artifact.js'
import type { OperationResult } from '../../src/operations/result.js'
import { HOSTILE_BRANCHES, HOSTILE_NAMES } from '../../emulator/hostile-names.js'
import { listingFacts } from '../../src/report/facts.js'
import type { RunNames } from '../../src/report/run-names.js'
import {
  PIE_COLOURS,
  PIE_MIN_SHARE,
  breakdown,
  formatShare,
  renderPie
} from '../../src/report/storage.js'
import { SUMMARY_ROWS, renderSummary } from '../../src/report/summary.js'
import { outcomeWords, plural } from '../../src/report/words.js'
import { NOW, artifact, type ArtifactSpec } from '../../__fixtures__/artifacts.js'

const SERVER = 'https://github.com'
const GB = 1_000_000_000

function result(id: number, outcome: Outcome, spec: ArtifactSpec = {}): ArtifactResult {
  return { artifact: artifact(id, spec), outcome }
}

function operation(
  results: ArtifactResult[],
  given: Partial<OperationResult> = {}
): OperationResult {
  return {
    mode: 'list',
    repository: 'octo-org/widgets',
    dryRun: false,
    results,
    sparedCount: 0,
    listedCount: results.length,
    missingIds: [],
    ...given
  }
}

/** Markdown to HTML the way GitHub reads it: CommonMark + GFM, raw HTML let through. */
function render(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()]
  })
}

interface Pie {
  directive: string
  slices: { label: string; value: number }[]
  colours: string[]
}

/** Every Mermaid pie of a summary: its init directive, slices and pieN colours. */
function pies(markdown: string): Pie[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map(([, body]) => {
    const lines = body.split('\n')
    const directive = lines.find((l) => l.startsWith('%%{init:')) ?? ''
    const json = /^%%\{init: (.*)\}%%$/.exec(directive)?.[1] ?? '{}'
    const variables = (JSON.parse(json) as { themeVariables?: Record<string, string> })
      .themeVariables
    const colours = Object.entries(variables ?? {})
      .sort(([a], [b]) => Number(a.slice(3)) - Number(b.slice(3)))
      .map(([, c]) => c)
    const slices = lines.flatMap((l) => {
      const m = /^\s+"([^"]*)" : (\d+)$/.exec(l)
      return m ? [{ label: m[1], value: Number(m[2]) }] : []
    })
    return { directive, slices, colours }
  })
}

/** Relative luminance of a #rrggbb colour (WCAG): 0 black … 1 white. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** The pie: 27 names; `other` itself holds 41 % of the bytes. */
function manyNames(outcome: Outcome = 'listed'): ArtifactResult[] {
  const sizes = [18, 9, 5, 3, 2, 2, 1.5, 1.2, 1, 0.9, 0.4, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01]
  const named = sizes.map((gb, i) =>
    result(i + 1, outcome, { name: i === 0 ? 'other' : `name-${i}`, size: Math.round(gb * GB) })
  )
  const tiny = Array.from({ length: 10 }, (_, i) =>
    result(100 + i, outcome, { name: `tiny-${i}`, size: 1000 + i })
  )
  return [...named, ...tiny]
}

describe('the pie (issue 13, item 5)', () => {
  it('keeps an artifact named "other" apart from the rest slice: every label is unique', () => {
    const markdown = renderSummary(operation(manyNames()), NOW, SERVER)
    const [pie] = pies(markdown)
    const labels = pie.slices.map((s) => s.label)
    expect(new Set(labels).size).toBe(labels.length)
    expect(labels[0]).toBe('other · 18.0 GB')
    expect(labels.some((l) => /^\(\d+ other names\) · /.test(l))).toBe(true)
    // the slices add up to every byte of the table: nothing vanished
    const total = manyNames().reduce((sum, r) => sum + r.artifact.sizeInBytes, 0)
    expect(pie.slices.reduce((sum, s) => sum + s.value, 0)).toBe(total)
  })

  it('a name that reads like the rest label gets a label of its own', () => {
    const results = [
      ...Array.from({ length: 12 }, (_, i) =>
        result(i + 1, 'listed', { name: `n${i}`, size: (20 - i) * 1000 })
      ),
      result(50, 'listed', { name: '(3 other names)', size: 100_000 })
    ]
    const [pie] = pies(renderSummary(operation(results), NOW, SERVER))
    const labels = pie.slices.map((s) => s.label.replace(/ · [^·]+$/, ''))
    expect(labels).toContain('(3 other names)')
    expect(labels).toContain('(3 other names) (2)')
    expect(new Set(labels).size).toBe(labels.length)
  })

  it('shows sizes as people read them in the legend, never raw byte counts (no showData)', () => {
    const markdown = renderSummary(operation(manyNames()), NOW, SERVER)
    const [pie] = pies(markdown)
    expect(markdown).not.toContain('showData')
    for (const slice of pie.slices) {
      expect(slice.label).toMatch(/ · \d+(\.\d)? (B|kB|MB|GB|TB)$/)
      expect(slice.label).not.toContain(String(slice.value))
    }
  })

  it('folds slices under 1 % into the rest, so every swatch has a slice', () => {
    const [pie] = pies(renderSummary(operation(manyNames()), NOW, SERVER))
    const sum = pie.slices.reduce((total, s) => total + s.value, 0)
    for (const slice of pie.slices) expect(slice.value / sum).toBeGreaterThanOrEqual(PIE_MIN_SHARE)
  })

  it('leaves a rest under 1 % out of the chart and says so', () => {
    const results = [
      result(1, 'listed', { name: 'huge', size: 1_000_000_000 }),
      result(2, 'listed', { name: 'speck', size: 10 })
    ]
    const markdown = renderSummary(operation(results), NOW, SERVER)
    const [pie] = pies(markdown)
    expect(pie.slices.map((s) => s.label)).toEqual(['huge · 1.0 GB'])
    expect(markdown).toContain('The chart leaves out 1 name that together hold under 1 %')
    // the table still has it
    expect(markdown).toContain('| speck | 1 | 10 B | < 1 % |')
  })

  it('colours the slices through an init directive, biggest first, none near white', () => {
    const [pie] = pies(renderSummary(operation(manyNames()), NOW, SERVER))
    expect(pie.colours).toHaveLength(pie.slices.length)
    expect(pie.colours[0]).toBe(PIE_COLOURS[0])
    for (const colour of pie.colours) expect(luminance(colour)).toBeLessThan(0.7)
    expect(luminance(pie.colours[0])).toBeLessThan(0.45)
    expect(luminance(pie.colours[1])).toBeLessThan(0.45)
    // Mermaid's default pie1 and pie2 are near white: what this replaces
    expect(luminance('#ECECFF')).toBeGreaterThan(0.8)
    expect(luminance('#ffffde')).toBeGreaterThan(0.8)
    const values = pie.slices.map((s) => s.value)
    expect([...values].sort((a, b) => b - a)).toEqual(values)
  })

  it('no entity Mermaid would decode, nothing that ends the label or the block', () => {
    const results = Object.values(HOSTILE_NAMES).map((name, i) =>
      result(i + 1, 'listed', { name, size: (i + 1) * 1_000_000 })
    )
    const markdown = renderSummary(operation(results), NOW, SERVER)
    const blocks = markdown.match(/```mermaid\n[\s\S]*?\n```/g) ?? []
    expect(blocks).toHaveLength(1)
    const body = (blocks[0] ?? '').split('\n').slice(4, -1)
    for (const line of body) {
      expect(line).toMatch(/^ {2}"[^"#;`%{}\\]*" : \d+$/)
    }
  })
})

describe('the storage report (issue 13, item 5)', () => {
  const runNames: RunNames = {
    runs: new Map([
      [501, { workflow: 'CI', number: 89, path: '.github/workflows/ci.yml' }],
      [502, { workflow: 'Build', number: 12, path: '.github/workflows/build.yml' }]
    ]),
    runPages: 1,
    runLookups: 0,
    unnamed: 1,
    budget: 5
  }
  const results = [
    result(1, 'listed', { name: 'dist', size: 3000, runId: 501, branch: 'main' }),
    result(2, 'listed', { name: 'dist', size: 2000, runId: 502, branch: 'dev' }),
    result(3, 'listed', { name: 'logs', size: 1000, runId: 503, branch: 'main' }),
    result(4, 'listed', {
      name: 'pr',
      size: 500,
      runId: 502,
      branch: 'main',
      repositoryId: 1,
      headRepositoryId: 66
    }),
    result(5, 'listed', { name: 'old', size: 9_999_999, expired: true, branch: 'main' })
  ]
  const listing = listingFacts([
    ...results.map((r) => r.artifact),
    artifact(90, { expired: true, size: 5 }),
    artifact(91, { expired: true, size: 5 })
  ])

  it('shows storage by branch, a fork apart, and expired artifacts counted apart', () => {
    const markdown = renderSummary(operation(results, { listing, runNames }), NOW, SERVER)
    expect(markdown).toContain('| branch | artifacts | size | share |')
    expect(markdown).toContain('| main | 2 | 4.0 kB | 62 % |')
    expect(markdown).toContain('| dev | 1 | 2.0 kB | 31 % |')
    expect(markdown).toContain('| main _fork_ | 1 | 500 B | 8 % |')
    // 7 listed, 3 expired: 2 left out, 1 matched (include-expired) and counted apart
    expect(markdown).toContain(
      '7 artifacts listed: 4 hold 6.5 kB; 2 have expired (no storage) and were left out; ' +
        '1 of those matched has expired and holds no storage.'
    )
    expect(markdown).not.toMatch(/\| old \|.*\| (100|\d\d) % \|/)
    expect(markdown).toContain('**5 artifacts matched, holding 6.5 kB.**')
  })

  it('shows storage by workflow from the named runs, and what naming them cost', () => {
    const markdown = renderSummary(operation(results, { listing, runNames }), NOW, SERVER)
    expect(markdown).toContain('| workflow | artifacts | size | share |')
    expect(markdown).toContain('| CI (ci.yml) | 1 | 3.0 kB | 46 % |')
    expect(markdown).toContain('| Build (build.yml) | 2 | 2.5 kB | 38 % |')
    expect(markdown).toContain('| (not named) | 1 | 1.0 kB | 15 % |')
    expect(markdown).toContain('1 page of the runs listing and 0 runs looked up; 1 run not named')
  })

  it('shows runs as workflow and number, linked, and marks forks', () => {
    const markdown = renderSummary(operation(results, { listing, runNames }), NOW, SERVER)
    expect(markdown).toContain(`| [CI #89](${SERVER}/octo-org/widgets/actions/runs/501) |`)
    expect(markdown).toContain(`| [run 503](${SERVER}/octo-org/widgets/actions/runs/503) |`)
    expect(markdown).toContain('1 artifact was made by runs from forks')
    const html = render(markdown)
    expect(html).toContain('<td>main <em>fork</em></td>')
  })

  it('makes the artifacts output cut visible in the summary', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      result(i + 1, 'listed', { name: `artifact-with-a-long-name-${'x'.repeat(60)}-${i}` })
    )
    const markdown = renderSummary(operation(many), NOW, SERVER)
    expect(markdown).toMatch(
      /The `artifacts` output holds the first [\d,]+ of 10,000 artifacts: GitHub keeps at most 1 MB/
    )
    expect(Buffer.byteLength(markdown)).toBeLessThan(1024 * 1024)
  })
})

describe('a dry run answers its one question at the top', () => {
  it('"would delete N artifacts, freeing X; K kept"', () => {
    const results = Array.from({ length: 238 }, (_, i) =>
      result(i + 1, 'would-delete', { size: i === 0 ? 106_000 - 237 * 0 : 0 })
    )
    const markdown = renderSummary(
      operation(results, { mode: 'delete', dryRun: true, sparedCount: 117 }),
      NOW,
      SERVER
    )
    const lines = markdown.split('\n')
    expect(lines[0]).toBe('## artifact-keeper: delete (dry run) · octo-org/widgets')
    expect(lines[2]).toBe('**Would delete 238 artifacts, freeing 106 kB; 117 kept.**')
  })

  it('with limit: 5, the header and the chart cover the 5 that would go', () => {
    const results = [
      ...Array.from({ length: 5 }, (_, i) =>
        result(i + 1, 'would-delete', { name: 'going', size: 1000 })
      ),
      ...Array.from({ length: 69 }, (_, i) =>
        result(100 + i, 'not-reached', { name: 'later', size: 1_000_000 })
      )
    ]
    const markdown = renderSummary(
      operation(results, { mode: 'delete', dryRun: true }),
      NOW,
      SERVER
    )
    expect(markdown).toContain(
      '**Would delete 5 artifacts, freeing 5.0 kB; 69 left for a later run.**'
    )
    expect(markdown).toContain('### What would be deleted')
    const [pie] = pies(markdown)
    expect(pie.slices).toEqual([{ label: 'going · 5.0 kB', value: 5000 }])
    expect(markdown).toContain('| going | 5 | 5.0 kB | 100 % |')
    expect(markdown).not.toMatch(/\| later \| 69 \|/)
  })

  it('says what storage stays in a dry run, and what is left after a delete', () => {
    const listed = [
      artifact(1, { size: 1000 }),
      artifact(2, { size: 2000 }),
      artifact(3, { size: 4000 }),
      artifact(4, { size: 8, expired: true })
    ]
    const listing = listingFacts(listed)
    const dry = renderSummary(
      operation([{ artifact: listed[0], outcome: 'would-delete' }], {
        mode: 'delete',
        dryRun: true,
        listing
      }),
      NOW,
      SERVER
    )
    expect(dry).toContain('Storage that would stay: 2 artifacts, 6.0 kB (of the artifacts listed).')
    const real = renderSummary(
      operation(
        [
          { artifact: listed[0], outcome: 'deleted' },
          { artifact: listed[1], outcome: 'gone' },
          { artifact: listed[2], outcome: 'failed' }
        ],
        { mode: 'delete', listing }
      ),
      NOW,
      SERVER
    )
    expect(real).toContain('**Deleted 1 artifact, freeing 1.0 kB; 1 already gone; 1 failed.**')
    expect(real).toContain('Storage left: 1 artifact, 4.0 kB (of the artifacts listed).')
  })
})

describe('one word, one meaning; outcomes in plain words', () => {
  it.each([
    ['would-delete', 'would be deleted'],
    ['not-reached', 'left for a later run'],
    ['gone', 'already gone'],
    ['would-download', 'would be downloaded'],
    ['some-new-outcome', 'some new outcome']
  ])('%s reads "%s"', (outcome, words) => {
    expect(outcomeWords(outcome)).toBe(words)
  })

  it('never shows an outcome word raw', () => {
    const outcomes: Outcome[] = ['would-delete', 'not-reached', 'gone', 'failed']
    const markdown = renderSummary(
      operation(
        outcomes.map((o, i) => result(i + 1, o)),
        { mode: 'delete', dryRun: true }
      ),
      NOW,
      SERVER
    )
    expect(markdown).not.toMatch(/would-delete|not-reached/)
    expect(markdown).toContain(
      'Outcomes: 1 failed · 1 already gone · 1 left for a later run · 1 would be deleted.'
    )
  })

  it('"listed" is what the API listed, "matched" what passed the filters', () => {
    const listed = Array.from({ length: 400 }, (_, i) => artifact(i + 1))
    const markdown = renderSummary(
      operation(
        listed.slice(0, 355).map((a) => ({ artifact: a, outcome: 'listed' as const })),
        { listing: listingFacts(listed), listedCount: 400 }
      ),
      NOW,
      SERVER
    )
    expect(markdown).toContain('400 artifacts listed')
    expect(markdown).toContain('355 artifacts matched')
    expect(markdown).not.toMatch(/listed: 355/)
  })

  it('pluralises: 1 artifact, 1 more', () => {
    expect(plural(1, 'artifact')).toBe('1 artifact')
    expect(plural(3000, 'artifact')).toBe('3,000 artifacts')
    expect(plural(2, 'branch', 'branches')).toBe('2 branches')
    const one = renderSummary(
      operation([result(1, 'listed', { size: 5 })], {
        listing: listingFacts([artifact(1, { size: 5 })])
      }),
      NOW,
      SERVER
    )
    expect(one).toContain('**1 artifact matched, holding 5 B.**')
    expect(one).toContain('1 artifact listed: 1 holds 5 B.')
    const cut = renderSummary(
      operation(Array.from({ length: SUMMARY_ROWS + 1 }, (_, i) => result(i + 1, 'listed'))),
      NOW,
      SERVER
    )
    expect(cut).toContain('… and 1 more.')
    // the table is cut once: one "more" line in the whole summary
    expect(cut.match(/more\./g)).toHaveLength(1)
  })
})

describe('hostile data renders as data (GFM)', () => {
  it('every table keeps its columns and no data makes a heading, link or raw HTML', () => {
    const names = Object.values(HOSTILE_NAMES)
    const branches = Object.values(HOSTILE_BRANCHES)
    const results = names.map((name, i) =>
      result(i + 1, 'listed', { name, branch: branches[i % branches.length], runId: 700 + i })
    )
    const runNames: RunNames = {
      runs: new Map(
        names.map((name, i) => [700 + i, { workflow: name, number: i, path: `x/${name}` }])
      ),
      runPages: 0,
      runLookups: 1,
      unnamed: 0,
      budget: 5
    }
    const markdown = renderSummary(operation(results, { runNames }), NOW, SERVER)
    const html = render(markdown)
    expect(html).not.toMatch(/<(img|script|b)\b/)
    expect(html.match(/<h2>/g)).toHaveLength(1)
    expect(html.match(/<h3>/g)?.length).toBe(2)
    expect(html).not.toContain('href="https://evil.example')
    for (const table of html.match(/<table>[\s\S]*?<\/table>/g) ?? []) {
      const rows = table.match(/<tr>[\s\S]*?<\/tr>/g) ?? []
      const widths = new Set(rows.map((row) => (row.match(/<t[dh]\b/g) ?? []).length))
      expect(widths.size).toBe(1)
    }
  })
})

describe('storage helpers', () => {
  it('breakdown: the biggest groups, then the rest folded', () => {
    const data = breakdown(
      [
        { k: 'a', b: 5 },
        { k: 'b', b: 7 },
        { k: 'a', b: 5 },
        { k: 'c', b: 1 }
      ],
      (x) => x.k,
      (x) => x.b,
      2
    )
    expect(data.top).toEqual([
      { key: 'a', count: 2, bytes: 10 },
      { key: 'b', count: 1, bytes: 7 }
    ])
    expect(data.rest).toEqual({ groups: 1, count: 1, bytes: 1 })
    expect(data.bytes).toBe(18)
  })

  it('formatShare', () => {
    expect(formatShare(1, 3)).toBe('33 %')
    expect(formatShare(1, 1000)).toBe('< 1 %')
    expect(formatShare(0, 10)).toBe('0 %')
  })

  it('renderPie draws nothing for zero bytes', () => {
    expect(
      renderPie(
        't',
        breakdown(
          [{ b: 0 }],
          () => 'x',
          (x) => x.b
        ),
        ['name', 'names']
      )
    ).toEqual([])
  })
})

describe('kept, reason by reason (new reasons fit the same list)', () => {
  it('keep-latest, keep-tagged and runs still in progress, with the runs named', () => {
    const runNames: RunNames = {
      runs: new Map([[90, { workflow: 'CI', number: 90, path: '.github/workflows/ci.yml' }]]),
      runPages: 0,
      runLookups: 1,
      unnamed: 0,
      budget: 5
    }
    const markdown = renderSummary(
      operation([result(1, 'would-delete', { size: 1000 })], {
        mode: 'delete',
        dryRun: true,
        sparedCount: 2,
        sparedByTagCount: 3,
        sparedAsActiveCount: 4,
        activeRuns: [
          { id: 91, status: 'current' },
          { id: 90, status: 'in_progress' },
          { id: 77, status: 'queued' }
        ],
        runNames
      }),
      NOW,
      SERVER
    )
    expect(markdown).toContain('**Would delete 1 artifact, freeing 1.0 kB; 9 kept.**')
    expect(markdown).toContain(
      'Kept: 2 by keep-latest · 3 by keep-tagged (built from a tagged commit) · 4 of runs that have ' +
        'not completed (this run, CI #90 (in progress), run 77 (queued)): the next clean-up takes ' +
        'them once they are done.'
    )
  })

  it('download: which run the set came from, and a dry run in plain words', () => {
    const markdown = renderSummary(
      operation([result(1, 'would-download', { size: 2000, runId: 89 })], {
        mode: 'download',
        dryRun: true,
        latestRunId: 89
      }),
      NOW,
      SERVER
    )
    expect(markdown).toContain('## artifact-keeper: download (dry run)')
    expect(markdown).toContain('**Would download 1 artifact (2.0 kB), the set of run 89.**')
    expect(markdown).toContain('| would be downloaded |')
  })
})
