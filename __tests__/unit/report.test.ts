import { describe, expect, it } from '@jest/globals'
import type { ArtifactResult, Outcome } from '../../src/artifact.js'
import type { OperationResult } from '../../src/operations/result.js'
import { ARTIFACTS_OUTPUT_LIMIT, countOutcomes, toOutputs } from '../../src/report.js'
import { SUMMARY_ROWS, renderSummary } from '../../src/report/summary.js'
import { Outputs } from '../../src/settings.js'
import { readActionMetadata } from '../../__fixtures__/action-yml.js'
import { DAY, NOW, artifact, type ArtifactSpec } from '../../__fixtures__/artifacts.js'

const SERVER = 'https://github.com'

function result(id: number, outcome: Outcome, spec: ArtifactSpec = {}): ArtifactResult {
  return { artifact: artifact(id, spec), outcome }
}

function operation(
  results: ArtifactResult[],
  given: Partial<OperationResult> = {}
): OperationResult {
  return {
    mode: 'delete',
    repository: 'octo-org/widgets',
    dryRun: false,
    results,
    sparedCount: 0,
    listedCount: results.length,
    missingIds: [],
    ...given
  }
}

/** The rows of the summary's artifact table. */
function tableRows(markdown: string): string[] {
  const table = markdown.split('### Artifacts')[1] ?? ''
  return table.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| name '))
}

/** Cells of a Markdown table row, splitting on unescaped pipes. */
function cells(row: string): string[] {
  return row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim())
}

describe('toOutputs', () => {
  const mixed = operation([
    result(1, 'deleted', { size: 100 }),
    result(2, 'deleted', { size: 200 }),
    result(3, 'gone', { size: 50 }),
    result(4, 'failed', { size: 400 }),
    result(5, 'not-reached', { size: 10 }),
    result(6, 'not-reached', { size: 20 })
  ])

  it('gives every output action.yml declares, and only those', () => {
    expect(Object.keys(toOutputs(mixed)).sort()).toEqual([...readActionMetadata().outputs].sort())
    expect(Object.keys(toOutputs(mixed)).sort()).toEqual(Object.values(Outputs).sort())
  })

  it('adds up counts and bytes', () => {
    const outputs = toOutputs(mixed)
    expect(outputs[Outputs.Count]).toBe('6')
    expect(outputs[Outputs.Bytes]).toBe('780')
    expect(outputs[Outputs.DeletedCount]).toBe('2')
    expect(outputs[Outputs.DeletedBytes]).toBe('300')
    expect(outputs[Outputs.FailedCount]).toBe('1')
    expect(outputs[Outputs.RemainingCount]).toBe('3')
    expect(outputs[Outputs.Complete]).toBe('false')
  })

  it('is complete when every artifact was handled (gone counts as handled)', () => {
    const outputs = toOutputs(
      operation([result(1, 'deleted', { size: 5 }), result(2, 'gone', { size: 7 })])
    )
    expect(outputs[Outputs.Complete]).toBe('true')
    expect(outputs[Outputs.RemainingCount]).toBe('0')
    expect(outputs[Outputs.DeletedCount]).toBe('1')
    expect(outputs[Outputs.DeletedBytes]).toBe('5')
  })

  it('a dry run deletes nothing and is complete', () => {
    const outputs = toOutputs(operation([result(1, 'would-delete', { size: 5 })], { dryRun: true }))
    expect(outputs[Outputs.DeletedCount]).toBe('0')
    expect(outputs[Outputs.DeletedBytes]).toBe('0')
    expect(outputs[Outputs.Count]).toBe('1')
    expect(outputs[Outputs.Bytes]).toBe('5')
    expect(outputs[Outputs.Complete]).toBe('true')
  })

  it('a fatal stop is never complete', () => {
    const outputs = toOutputs(operation([result(1, 'deleted')], { fatal: new Error('403') }))
    expect(outputs[Outputs.Complete]).toBe('false')
  })

  it('nothing matched: zeros, an empty array, complete', () => {
    expect(toOutputs(operation([]))).toEqual({
      [Outputs.Count]: '0',
      [Outputs.Bytes]: '0',
      [Outputs.Artifacts]: '[]',
      [Outputs.DeletedCount]: '0',
      [Outputs.DeletedBytes]: '0',
      [Outputs.FailedCount]: '0',
      [Outputs.Complete]: 'true',
      [Outputs.RemainingCount]: '0',
      [Outputs.DownloadPath]: '',
      [Outputs.Repositories]: ''
    })
  })

  it('artifacts: a JSON array with the documented snake_case fields', () => {
    const createdAt = new Date('2025-05-01T08:30:00.000Z')
    const outputs = toOutputs(
      operation([
        result(7, 'deleted', {
          name: 'dist',
          size: 1234,
          createdAt,
          runId: 99,
          branch: 'main',
          sha: 'f'.repeat(40)
        }),
        result(8, 'listed', { name: 'x', runId: 5, branch: null, sha: null, expired: true })
      ])
    )
    const parsed = JSON.parse(outputs[Outputs.Artifacts]) as Record<string, unknown>[]
    expect(parsed[0]).toEqual({
      id: 7,
      name: 'dist',
      size_in_bytes: 1234,
      created_at: '2025-05-01T08:30:00.000Z',
      expired: false,
      run_id: 99,
      head_branch: 'main',
      head_sha: 'f'.repeat(40),
      outcome: 'deleted',
      path: null
    })
    expect(parsed[1]).toMatchObject({ head_branch: null, head_sha: null, expired: true })
  })

  it('keeps the order of the results', () => {
    const outputs = toOutputs(operation([result(3, 'deleted'), result(1, 'deleted')]))
    const parsed = JSON.parse(outputs[Outputs.Artifacts]) as { id: number }[]
    expect(parsed.map((a) => a.id)).toEqual([3, 1])
  })
})

describe('the artifacts output under the 1 MB output limit', () => {
  it('cuts a huge list to whole entries, in order, and keeps counting them all', () => {
    const results = Array.from({ length: 10_000 }, (_, i) =>
      result(i + 1, 'listed', { name: `artifact-with-a-long-name-${i}` })
    )
    const outputs = toOutputs(operation(results, { mode: 'list' }))
    const text = outputs[Outputs.Artifacts]
    expect(text.length).toBeLessThanOrEqual(ARTIFACTS_OUTPUT_LIMIT)
    const parsed = JSON.parse(text) as { id: number }[]
    expect(parsed.length).toBeGreaterThan(1000)
    expect(parsed.length).toBeLessThan(results.length)
    expect(parsed.map((a) => a.id)).toEqual(
      results.slice(0, parsed.length).map((r) => r.artifact.id)
    )
    expect(outputs[Outputs.Count]).toBe('10000')
  })
})

describe('countOutcomes', () => {
  it('counts each outcome, most frequent first, then by name', () => {
    expect(
      countOutcomes([
        result(1, 'failed'),
        result(2, 'deleted'),
        result(3, 'deleted'),
        result(4, 'gone')
      ])
    ).toEqual([
      ['deleted', 2],
      ['failed', 1],
      ['gone', 1]
    ])
  })
})

describe('renderSummary', () => {
  it('names the mode, repository and totals', () => {
    const markdown = renderSummary(
      operation([result(1, 'deleted', { size: 1_500_000 }), result(2, 'failed')], {
        listedCount: 10,
        sparedCount: 3
      }),
      NOW,
      SERVER
    )
    expect(markdown).toContain('## artifact-keeper: delete · octo-org/widgets')
    expect(markdown).toContain('**Deleted 1 artifact, freeing 1.5 MB; 1 failed; 3 kept.**')
    expect(markdown).toContain('10 artifacts listed.')
    expect(markdown).toContain('Kept: 3 by keep-latest.')
    expect(markdown).toContain('Outcomes: 1 deleted · 1 failed.')
  })

  it('says dry run, and frees nothing in a dry run', () => {
    const markdown = renderSummary(
      operation([result(1, 'would-delete', { size: 2000 })], { dryRun: true }),
      NOW,
      SERVER
    )
    expect(markdown).toContain('(dry run)')
    expect(markdown).toContain('**Would delete 1 artifact, freeing 2.0 kB.**')
    expect(markdown).not.toContain('Deleted')
  })

  it('links each row to its run on the server', () => {
    const markdown = renderSummary(
      operation([result(1, 'listed', { runId: 4242 })], { mode: 'list' }),
      NOW,
      'https://ghe.example.com'
    )
    expect(markdown).toContain(
      '[run 4242](https://ghe.example.com/octo-org/widgets/actions/runs/4242)'
    )
  })

  it('shows a row as name, id, run, branch, age, size, outcome (in plain words)', () => {
    const markdown = renderSummary(
      operation([
        result(12, 'gone', { name: 'dist', size: 2500, ageDays: 3, runId: 77, branch: 'dev' })
      ]),
      NOW,
      SERVER
    )
    const [row] = tableRows(markdown)
    expect(cells(row)).toEqual([
      'dist',
      '12',
      `[run 77](${SERVER}/octo-org/widgets/actions/runs/77)`,
      'dev',
      '3d',
      '2.5 kB',
      'already gone'
    ])
  })

  it(`cuts the table at ${SUMMARY_ROWS} rows with "and N more"`, () => {
    const results = Array.from({ length: SUMMARY_ROWS + 50 }, (_, i) => result(i + 1, 'listed'))
    const markdown = renderSummary(operation(results, { mode: 'list' }), NOW, SERVER)
    const rows = tableRows(markdown)
    expect(rows).toHaveLength(SUMMARY_ROWS)
    expect(cells(rows[SUMMARY_ROWS - 1])[1]).toBe(String(SUMMARY_ROWS))
    expect(markdown).toContain('… and 50 more.')
  })

  it(`does not say "more" at exactly ${SUMMARY_ROWS} rows`, () => {
    const results = Array.from({ length: SUMMARY_ROWS }, (_, i) => result(i + 1, 'listed'))
    const markdown = renderSummary(operation(results, { mode: 'list' }), NOW, SERVER)
    expect(tableRows(markdown)).toHaveLength(SUMMARY_ROWS)
    expect(markdown).not.toMatch(/and \d+ more/)
  })

  it.each([
    ['list', 'listed', 'Where the bytes are'],
    ['delete', 'deleted', 'What was deleted']
  ] as const)('shows where the bytes are in %s mode, with a pie', (mode, outcome, heading) => {
    const results = [
      result(1, outcome, { name: 'big', size: 9_000_000 }),
      result(2, outcome, { name: 'big', size: 1_000_000 }),
      result(3, outcome, { name: 'small', size: 1_000_000 })
    ]
    const markdown = renderSummary(operation(results, { mode }), NOW, SERVER)
    expect(markdown).toContain(`### ${heading}`)
    expect(markdown).toContain('| big | 2 | 10.0 MB | 91 % |')
    const pie = /```mermaid\n([\s\S]*?)```/.exec(markdown)
    expect(pie?.[1]).toMatch(/^%%\{init: .*\}%%\npie\n/)
    expect(pie?.[1]).toContain('"big · 10.0 MB" : 10000000')
    expect(pie?.[1]).toContain('"small · 1.0 MB" : 1000000')
  })

  it('puts all but the top names into "(N other names)", in the table and the pie', () => {
    const results = Array.from({ length: 15 }, (_, i) =>
      result(i + 1, 'listed', { name: `name-${i + 1}`, size: (i + 1) * 1000 })
    )
    const markdown = renderSummary(operation(results, { mode: 'list' }), NOW, SERVER)
    const pie = /```mermaid\n([\s\S]*?)```/.exec(markdown)?.[1] ?? ''
    const slices = pie.split('\n').filter((line) => /^\s+".*" : \d+$/.test(line))
    expect(slices).toHaveLength(11)
    expect(slices[0]).toContain('"name-15 · 15.0 kB" : 15000')
    // names 1..5 make up the rest: 15,000 bytes
    expect(pie).toContain('"(5 other names) · 15.0 kB" : 15000')
    expect(markdown).toContain('| (5 other names) | 5 | 15.0 kB | 13 % |')
  })

  it('keeps a quote in a name from breaking the pie', () => {
    const markdown = renderSummary(
      operation([result(1, 'listed', { name: 'say "hi"' })], { mode: 'list' }),
      NOW,
      SERVER
    )
    expect(markdown).toContain(`"say hi · 1.0 kB" :`)
  })

  it('escapes Markdown in table cells (a name with |)', () => {
    const markdown = renderSummary(
      operation([result(1, 'listed', { name: 'a|b', branch: 'x|y' })], { mode: 'list' }),
      NOW,
      SERVER
    )
    const [row] = tableRows(markdown)
    const rowCells = cells(row)
    expect(rowCells).toHaveLength(7)
    expect(rowCells[0]).toBe('a\\|b')
    expect(rowCells[3]).toBe('x\\|y')
    const topRow = markdown.split('\n').find((line) => line.startsWith('| a'))
    expect(topRow && cells(topRow)).toEqual(['a\\|b', '1', '1.0 kB', '100 %'])
  })

  it('escapes other Markdown that would change a cell', () => {
    const markdown = renderSummary(
      operation([result(1, 'listed', { name: '*bold*_<b>[x](y)`c`' })], { mode: 'list' }),
      NOW,
      SERVER
    )
    const [row] = tableRows(markdown)
    expect(cells(row)[0]).toBe('\\*bold\\*\\_&lt;b&gt;&#91;x&#93;(y)&#96;c&#96;')
  })

  it('nothing matched: says so, no table and no pie', () => {
    const markdown = renderSummary(operation([], { mode: 'list', listedCount: 4 }), NOW, SERVER)
    expect(markdown).toContain('Nothing matched.')
    expect(markdown).not.toContain('### Artifacts')
    expect(markdown).not.toContain('mermaid')
  })

  it('reports missing ids and why work stopped', () => {
    const markdown = renderSummary(
      operation([result(1, 'not-reached')], {
        missingIds: [404, 405],
        stopReason: 'The API rate limit reached the reserve'
      }),
      NOW,
      SERVER
    )
    expect(markdown).toContain('Not found: 404, 405.')
    expect(markdown).toContain('> [!WARNING]\n> The API rate limit reached the reserve')
  })

  it('stays well under the 1 MiB job summary limit for 10,000 artifacts', () => {
    const results = Array.from({ length: 10_000 }, (_, i) =>
      result(i + 1, i % 3 === 0 ? 'deleted' : 'not-reached', {
        name: `${'long-artifact-name-'.repeat(12)}${i}`,
        branch: `feature/${'x'.repeat(200)}`,
        size: 1_000_000 + i,
        ageDays: (i % 90) + 1
      })
    )
    const markdown = renderSummary(operation(results), NOW, SERVER)
    expect(Buffer.byteLength(markdown, 'utf8')).toBeLessThan(256 * 1024)
    expect(markdown).toContain(`and ${(10_000 - SUMMARY_ROWS).toLocaleString('en-US')} more`)
  })

  it('ages rows from the given now', () => {
    const markdown = renderSummary(
      operation([result(1, 'listed', { createdAt: new Date(NOW.getTime() - 2 * DAY) })], {
        mode: 'list'
      }),
      new Date(NOW.getTime() + DAY),
      SERVER
    )
    expect(cells(tableRows(markdown)[0])[4]).toBe('3d')
  })
})
