import { describe, expect, it } from '@jest/globals'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import { HOSTILE_BRANCHES, HOSTILE_NAMES } from '../../emulator/hostile-names.js'
import {
  codeBlock,
  escapeLogText,
  escapeMarkdown,
  MERMAID_LABEL_MAX,
  mermaidLabel,
  mermaidLabels,
  redactCredentials,
  redactUrl
} from '../../src/report/escape.js'

const HOSTILE = [...Object.values(HOSTILE_NAMES), ...Object.values(HOSTILE_BRANCHES)]
const PLAIN = ['build-linux', 'coverage report (1)', 'dist', 'a::b', 'logs-42', 'résumé ✓']
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/

/** Markdown to HTML the way GitHub reads it: CommonMark + GFM, raw HTML let through. */
function render(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()]
  })
}

/** Text of rendered HTML (tags removed, the entities micromark writes decoded). */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** What a reader should see for a value: the value, with its controls shown as escapes. */
const shown = (value: string): string =>
  escapeLogText(value)
    .replace(/#\\x23\[/g, '##[')
    .replace(/^(\s*)\\x3a/, '$1:')

describe('escapeLogText', () => {
  it.each(HOSTILE)('%j cannot end a line, start a command or carry ANSI', (value) => {
    const line = `Deleted: ${escapeLogText(value)}`
    expect(line.split(/\r\n|\r|\n/)).toHaveLength(1)
    expect(line).not.toMatch(ANY_CONTROL)
    expect(line).not.toContain('##[')
    // at the start of a line too (the runner trims leading spaces, then looks for '::')
    expect(escapeLogText(value).trimStart().startsWith('::')).toBe(false)
    expect(escapeLogText(value)).not.toMatch(ANY_CONTROL)
  })

  it('shows each control character as an escape', () => {
    expect(escapeLogText('a1\n::set-output name=x::y')).toBe('a1\\n::set-output name=x::y')
    expect(escapeLogText('a\r\nb\tc')).toBe('a\\r\\nb\\tc')
    expect(escapeLogText('\u001b[31mred\u001b[0m')).toBe('\\x1b[31mred\\x1b[0m')
    expect(escapeLogText('\u0000\u0007\u007f\u009b\u0085')).toBe('\\x00\\x07\\x7f\\x9b\\x85')
    expect(escapeLogText('a\u2028b\u202ec')).toBe('a\\u2028b\\u202ec')
  })

  it('breaks legacy commands anywhere and "::" at the start', () => {
    expect(escapeLogText('x ##[add-mask]Deleted')).toBe('x #\\x23[add-mask]Deleted')
    expect(escapeLogText('::error::boom')).toBe('\\x3a:error::boom')
    expect(escapeLogText('  ::warning::x')).toBe('  \\x3a:warning::x')
  })

  it.each(PLAIN)('leaves the plain name %j as it is', (name) => {
    expect(escapeLogText(name)).toBe(name)
  })

  it.each(HOSTILE)(
    'escaping %j twice is escaping it once (a whole-line guard may run after it)',
    (value) => {
      expect(escapeLogText(escapeLogText(value))).toBe(escapeLogText(value))
    }
  )
})

describe('escapeMarkdown (table cells and running text)', () => {
  it.each(HOSTILE)('%j stays one cell of one row, shown as it is, with no markup', (value) => {
    const table = `| name | id |\n| --- | --- |\n| ${escapeMarkdown(value)} | 7 |\n\n## after\n`
    const html = render(table)
    const cells = [...html.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1])
    expect(cells).toHaveLength(2)
    expect(cells[1]).toBe('7')
    expect(textOf(cells[0])).toBe(shown(value))
    expect(html).not.toMatch(/<(a|img|script|b|h[1-6]|code|em|strong|del|pre)\b(?![^>]*>after)/)
    expect(html.match(/<h2>/g)).toHaveLength(1)
  })

  it.each([
    ['|', '\\|'],
    ['<b>', '&lt;b&gt;'],
    ['`x`', '&#96;x&#96;'],
    ['[x](y)', '&#91;x&#93;(y)'],
    ['a\nb', 'a\\\\nb'],
    ['*_~\\', '\\*\\_\\~\\\\'],
    ['https://e.example', 'https&#58;//e.example'],
    ['www.e.example', '&#119;ww.e.example'],
    ['me@e.example', 'me&#64;e.example'],
    ['&lt;', '&amp;lt;']
  ])('escapes %j as %j', (value, escaped) => {
    expect(escapeMarkdown(value)).toBe(escaped)
  })

  it.each(PLAIN.filter((n) => !n.includes(':')))('leaves %j as it is', (name) => {
    expect(escapeMarkdown(name)).toBe(name)
  })
})

describe('codeBlock', () => {
  it.each([...HOSTILE, '````` five', 'x\n```\n## out'])('%j cannot close the fence', (value) => {
    const html = render(`${codeBlock(value, 'text')}\n\n## after\n`)
    expect(html.match(/<pre>/g)).toHaveLength(1)
    expect(html.match(/<h2>/g)).toHaveLength(1)
    expect(html).toMatch(/<h2>after<\/h2>\s*$/)
    const code = /<code[^>]*>([\s\S]*)<\/code>/.exec(html)?.[1] ?? ''
    const expected = value.replace(/\r\n?/g, '\n').split('\n').map(shown).join('\n')
    expect(textOf(code)).toBe(`${expected}\n`)
  })

  it('uses a fence longer than any backtick run, and a clean info string', () => {
    expect(codeBlock('a ```` b', 'mermaid')).toBe('`````mermaid\na ```` b\n`````')
    expect(codeBlock('plain', 'x`\n## y')).toBe('```xy\nplain\n```')
  })
})

describe('Mermaid pie labels', () => {
  it.each(HOSTILE)('%j is one quoted label that ends nothing', (value) => {
    const label = mermaidLabel(value)
    expect(label).toMatch(/^"[^"`#;%{}\\]+"$/)
    expect(label).not.toMatch(ANY_CONTROL)
    expect([...label].length).toBeLessThanOrEqual(MERMAID_LABEL_MAX + 2)
    // inside the mermaid block of a summary: the block stays whole, nothing renders after it
    const html = render(`\`\`\`mermaid\npie\n    ${label} : 5\n\`\`\`\n\n## after\n`)
    expect(html.match(/<pre>/g)).toHaveLength(1)
    expect(html.match(/<h2>/g)).toHaveLength(1)
  })

  it('strips entities and directives, and is never empty', () => {
    expect(mermaidLabel('a #35; b')).toBe('"a 35 b"')
    expect(mermaidLabel('%%{init: {"theme":"dark"}}%%')).toBe('"init: theme:dark"')
    expect(mermaidLabel('"\n"')).toBe('"(unnamed)"')
    expect(mermaidLabel('x'.repeat(100))).toBe(`"${'x'.repeat(MERMAID_LABEL_MAX - 1)}…"`)
  })

  it('makes labels unique, in order', () => {
    expect(mermaidLabels(['ab', 'a"b', 'ab', 'a#b (2)', 'c'])).toEqual([
      '"ab"',
      '"ab (2)"',
      '"ab (3)"',
      '"ab (2) (2)"',
      '"c"'
    ])
  })
})

describe('redactUrl and redactCredentials', () => {
  it.each([
    ['http://u:PASSWORD@ghe.example:8080/api/v3', 'http://***@ghe.example:8080/api/v3'],
    ['https://ghs_TOKEN@api.github.com/', 'https://***@api.github.com/'],
    ['https://x:@api.github.com/', 'https://***@api.github.com/'],
    ['https://api.github.com/', 'https://api.github.com/'],
    ['https://blob.example/a/b.zip?sig=SECRET&exp=1#frag', 'https://blob.example/a/b.zip?…']
  ])('%s is printed as %s', (url, printed) => {
    expect(redactUrl(url)).toBe(printed)
    expect(redactUrl(new URL(url))).toBe(printed)
  })

  it('redacts credentials in free text and in what is not a URL', () => {
    const message = 'request to http://u:PASSWORD@host/api failed, and ftp://a@b too'
    expect(redactCredentials(message)).toBe(
      'request to http://***@host/api failed, and ftp://***@b too'
    )
    expect(redactUrl('not a url http://u:PASSWORD@h')).toBe('not a url http://***@h')
    expect(redactCredentials('mail me@example.com at http://host/')).toBe(
      'mail me@example.com at http://host/'
    )
  })
})
