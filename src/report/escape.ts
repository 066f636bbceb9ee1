/**
 * Everything the API says (names, branches, messages) is data: these functions make it print as
 * data in the step's log and in the job summary, never as a workflow command, an ANSI sequence or
 * Markdown/Mermaid markup. Pure; one function per place data can land.
 */

/** C0 controls, DEL, C1 controls, and the Unicode line/paragraph separators and bidi controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

function showControl(c: string): string {
  const code = c.charCodeAt(0)
  return (
    NAMED[c] ??
    (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`)
  )
}

/**
 * A value for a log line: every control character shown escaped (`\n`, `\r`, `\x1b`, `\u2028`…),
 * so the value cannot end the line, start a new one or carry an ANSI sequence. The runner also
 * reads legacy commands (`##[name]data`) anywhere in a line and `::name::` at a line's start
 * (after spaces): `##[` is shown as `#\x23[` wherever it is, and a leading `::` as `\x3a:`, so
 * a value is safe at any place in a line, the start included.
 */
export function escapeLogText(value: string): string {
  return value
    .replace(CONTROL, showControl)
    .replace(/##\[/g, '#\\x23[')
    .replace(/^(\s*):/, '$1\\x3a')
}

/**
 * A value for the job summary's Markdown, in a table cell or in running text: control characters
 * shown escaped (as in the log), then every character Markdown or HTML could read as markup
 * made literal: `|` (ends a cell), `<` `>` `&` (HTML), `` ` `` (code spans and fences), `[` `]`
 * (links, images), `\` `*` `_` `~` (escapes, emphasis, strikethrough), and `:`, `@` and `www.`
 * (GFM's autolinks: `https://…`, `www.…`, e-mail addresses; `@` is also a mention). The result is
 * one line that shows exactly the value.
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(CONTROL, showControl)
    .replace(/[\\*_~|]/g, (c) => `\\${c}`)
    .replace(/[&<>`[\]:@]/g, (c) => HTML_ENTITIES[c])
    .replace(/w(?=ww\.)/gi, (c) => `&#${c.charCodeAt(0)};`)
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '`': '&#96;',
  '[': '&#91;',
  ']': '&#93;',
  ':': '&#58;',
  '@': '&#64;'
}

/**
 * A fenced code block holding `text`: the fence is longer than any run of backticks in the
 * text (CommonMark closes a fence only with a run at least as long), so the text cannot close
 * it. Control characters other than line breaks are shown escaped.
 */
export function codeBlock(text: string, info = ''): string {
  const body = text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, (c) => (c === '\n' ? c : showControl(c)))
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}${info.replace(/[^\w-]/g, '')}\n${body}\n${fence}`
}

/** Longest pie label, in characters, before it is cut with an ellipsis. */
export const MERMAID_LABEL_MAX = 40

/**
 * One Mermaid pie label, quoted: line breaks and other controls become spaces; what could end the
 * quotes, the line or the fenced block, or start an entity, comment or directive is removed
 * (`"`, `` ` ``, `#`, `;`, `%`, `{`, `}`, `\`); spaces are collapsed and the label is cut at
 * MERMAID_LABEL_MAX characters. Never empty.
 */
export function mermaidLabel(name: string): string {
  const stripped = name
    .replace(CONTROL, ' ')
    .replace(/["`#;%{}\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  const chars = [...stripped]
  const cut =
    chars.length > MERMAID_LABEL_MAX
      ? `${chars.slice(0, MERMAID_LABEL_MAX - 1).join('')}…`
      : stripped
  return `"${cut === '' ? '(unnamed)' : cut}"`
}

/**
 * Pie labels for `names`, in order, all different: two names that strip to the same label (or
 * two equal names) get " (2)", " (3)"… so Mermaid never merges their slices.
 */
export function mermaidLabels(names: readonly string[]): string[] {
  const seen = new Set<string>()
  return names.map((name) => {
    const base = mermaidLabel(name).slice(1, -1)
    let label = base
    for (let n = 2; seen.has(label); n++) label = `${base} (${n})`
    seen.add(label)
    return `"${label}"`
  })
}

/**
 * A URL fit to print: no `user:password@` (nor a lone user, which is often a token), and no
 * query or fragment (where signed URLs keep their signature). Text that is not a URL is printed
 * through `redactCredentials`.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL
  try {
    parsed = new URL(String(url))
  } catch {
    return redactCredentials(String(url))
  }
  const hidden = parsed.username !== '' || parsed.password !== ''
  parsed.username = ''
  parsed.password = ''
  const query = parsed.search !== '' || parsed.hash !== ''
  parsed.search = ''
  parsed.hash = ''
  const text = parsed.toString()
  const shown = hidden ? text.replace('://', '://***@') : text
  return query ? `${shown}?…` : shown
}

/**
 * Any `scheme://user:password@` in free text (an error message) becomes `scheme://***@`. Up to the
 * last `@` before the host: a password may hold an `@` of its own (`u:se@cret@host`).
 */
export function redactCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, '$1***@')
}
