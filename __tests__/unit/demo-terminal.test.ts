import { afterEach, describe, expect, it } from '@jest/globals'
import { colourWanted, renderLog, renderMarkdown, setColour } from '../../demo/terminal.js'
import { SUMMARY_ROWS, renderSummary } from '../../src/report/summary.js'
import { NOW, artifact } from '../../__fixtures__/artifacts.js'

// eslint-disable-next-line no-control-regex
const ESC = /\u001b/

afterEach(() => setColour(false))

describe('demo/terminal.ts', () => {
  it('colours only a terminal, and never with NO_COLOR set', () => {
    expect(colourWanted({}, true)).toBe(true)
    expect(colourWanted({}, false)).toBe(false)
    expect(colourWanted({ NO_COLOR: '1' }, true)).toBe(false)
    // no-color.org: an empty NO_COLOR does not count
    expect(colourWanted({ NO_COLOR: '' }, true)).toBe(true)
  })

  it('writes no escape codes when colour is off', () => {
    setColour(false)
    const log = renderLog('::group::List\nline\n::endgroup::\n::warning::careful')
    const summary = renderMarkdown('## Title\n\n**bold**\n\n| a |\n|---|\n| 1 |')
    expect(log + summary).not.toMatch(ESC)
    setColour(true)
    expect(renderMarkdown('## Title')).toMatch(ESC)
  })

  it('cuts the artifact table once, counting the rows the summary left out', () => {
    setColour(false)
    const count = SUMMARY_ROWS + 2083
    const results = Array.from({ length: count }, (_, i) => ({
      artifact: artifact(i + 1),
      outcome: 'listed' as const
    }))
    const markdown = renderSummary(
      {
        mode: 'list',
        repository: 'o/r',
        dryRun: false,
        results,
        sparedCount: 0,
        listedCount: count,
        missingIds: []
      },
      NOW,
      'https://github.com'
    )
    const text = renderMarkdown(markdown)
    const mores = text.split('\n').filter((line) => /\bmore\b/.test(line))
    expect(mores).toEqual([`  … and ${(count - 12).toLocaleString('en-US')} more rows`])
  })

  it('pluralises its own counts: "1 more row", "1 more line"', () => {
    setColour(false)
    expect(renderMarkdown('| a |\n|---|\n| 1 |\n| 2 |', 1)).toContain('… and 1 more row')
    expect(renderMarkdown('| a |\n|---|\n| 1 |\n| 2 |', 1)).not.toContain('rows')
    const log = renderLog(['::group::g', 'a', 'b', '::endgroup::'].join('\n'), 1)
    expect(log).toContain('… 1 more line')
    expect(log).not.toContain('lines')
  })
})
