/** Renders what a user sees in the Actions UI — log commands and the Markdown job summary — for a terminal. */

/**
 * Whether to colour: only on a terminal, and never when NO_COLOR is set to anything but '' (see
 * no-color.org), so output sent to a file or a pipe carries no escape codes.
 */
export function colourWanted(
  env: NodeJS.ProcessEnv = process.env,
  isTty = process.stdout.isTTY === true
): boolean {
  return isTty && (env.NO_COLOR === undefined || env.NO_COLOR === '')
}

let colour = colourWanted()

/** Turns colour on or off (tests; the demo decides once at start). */
export function setColour(on: boolean): void {
  colour = on
}

const paint =
  (code: string) =>
  (s: string): string =>
    colour ? `\x1b[${code}m${s}\x1b[0m` : s
export const bold = paint('1')
export const inverse = paint('7')
const dim = paint('2')
const yellow = paint('33')
const red = paint('31')

const plural = (n: number, noun: string): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? noun : `${noun}s`}`

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
      if (hidden > 0) out.push(dim(`    … ${plural(hidden, 'more line')}`))
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
export function renderMarkdown(markdown: string, maxRows = 12): string {
  const out: string[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line.startsWith('|')) {
      const table: string[] = []
      while (i < lines.length && lines[i].startsWith('|')) table.push(lines[i++])
      // The summary's own "… and N more." after the table: one cut, counted once.
      let next = i
      while (lines[next] === '') next += 1
      const cut = /^… and ([\d,]+) more\.$/.exec(lines[next] ?? '')
      const leftOut = cut ? Number(cut[1].replace(/,/g, '')) : 0
      i = cut ? next : i - 1
      out.push(...renderTable(table, maxRows, leftOut))
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

/** Markdown as a reader sees it: backslash escapes and entities undone, links as their text. */
function unescape(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/\\(.)/g, '$1')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/(^|\s)_([^_\s][^_]*)_(?=\s|$)/g, '$1$2')
}

function renderTable(rows: string[], maxRows: number, leftOut: number): string[] {
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
  const more = cells.length - shown.length + leftOut
  if (more > 0) out.push(dim(`  … and ${plural(more, 'more row')}`))
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
