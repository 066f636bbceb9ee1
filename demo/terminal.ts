/** Renders what a user sees in the Actions UI — log commands and the Markdown job summary — for a terminal. */

const bold = (s: string): string => `\x1b[1m${s}\x1b[0m`
const dim = (s: string): string => `\x1b[2m${s}\x1b[0m`
const yellow = (s: string): string => `\x1b[33m${s}\x1b[0m`
const red = (s: string): string => `\x1b[31m${s}\x1b[0m`

/** The step's log as the Actions UI shows it: groups as headers, warnings and errors marked, debug hidden. */
export function renderLog(stdout: string, maxLinesPerGroup = 12): string {
  const out: string[] = []
  let inGroup = 0
  let hidden = 0
  for (const line of stdout.split('\n')) {
    if (line.startsWith('::debug::') || line.startsWith('::add-mask::') || line === '') continue
    if (line.startsWith('::group::')) {
      out.push(bold(`▸ ${line.slice(9)}`))
      inGroup = 0
      hidden = 0
    } else if (line.startsWith('::endgroup::')) {
      if (hidden > 0) out.push(dim(`    … ${hidden} more lines`))
    } else if (line.startsWith('::warning')) {
      out.push(yellow(`  Warning: ${line.slice(line.indexOf('::', 2) + 2)}`))
    } else if (line.startsWith('::error')) {
      out.push(red(`  Error: ${line.slice(line.indexOf('::', 2) + 2)}`))
    } else if (inGroup++ < maxLinesPerGroup) {
      out.push(`    ${line}`)
    } else {
      hidden += 1
    }
  }
  return out.join('\n')
}

/** The job summary's Markdown for a terminal: headings, aligned tables, the pie as bars. */
export function renderMarkdown(markdown: string, maxRows = 10): string {
  const out: string[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line.startsWith('|')) {
      const table: string[] = []
      while (i < lines.length && lines[i].startsWith('|')) table.push(lines[i++])
      i -= 1
      out.push(...renderTable(table, maxRows))
    } else if (line.startsWith('```mermaid')) {
      const pie: string[] = []
      while (++i < lines.length && !lines[i].startsWith('```')) pie.push(lines[i])
      out.push(...renderPie(pie))
    } else if (line.startsWith('#')) {
      out.push(bold(line.replace(/^#+\s*/, '')))
    } else {
      out.push(
        unescape(line.replace(/\*\*(.+?)\*\*/g, (_, s: string) => bold(s)).replace(/^> /, '  '))
      )
    }
  }
  return out.join('\n')
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1').replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
}

function renderTable(rows: string[], maxRows: number): string[] {
  const cells = rows
    .filter((row) => !/^\|[-:| ]+\|$/.test(row))
    .map((row) =>
      row
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => unescape(c.trim()))
    )
  const shown = cells.slice(0, maxRows + 1)
  const widths = shown[0].map((_, col) => Math.max(...shown.map((r) => (r[col] ?? '').length)))
  const fmt = (r: string[]): string => '  ' + r.map((c, col) => c.padEnd(widths[col])).join('  ')
  const out = [bold(fmt(shown[0])), ...shown.slice(1).map(fmt)]
  if (cells.length > shown.length)
    out.push(dim(`  … ${cells.length - shown.length} more rows in the summary`))
  return out
}

function renderPie(lines: string[]): string[] {
  const slices = lines
    .map((l) => /^\s*"(.+)"\s*:\s*(\d+)/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1], Number(m[2])] as const)
  const total = slices.reduce((s, [, v]) => s + v, 0) || 1
  const width = Math.max(...slices.map(([n]) => n.length))
  return slices.map(([name, value]) => {
    const share = value / total
    return `  ${name.padEnd(width)}  ${'█'.repeat(Math.round(share * 40)).padEnd(40)} ${(share * 100).toFixed(1)}%`
  })
}
