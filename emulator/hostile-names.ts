/**
 * Hostile names and branches (issue 11): whoever pushes a branch or writes a workflow chooses the
 * names the API then serves, so every one of these is possible data. Seed them with
 * `hostileRepository` (or pick single strings from `HOSTILE_NAMES` and `HOSTILE_BRANCHES`); the
 * emulator serves them as it serves any name, nothing is forked.
 */
import type { SeedArtifact, SeedRepositoryExtras, SeedRun } from './types.js'
import { createZip } from './zip.js'

/** Artifact names, by the attack they try. */
export const HOSTILE_NAMES = {
  /** a line that starts a workflow command (sets an output) */
  setOutput: 'a1\n::set-output name=injected::attacker-value',
  /** stops workflow commands: the action's own later ::warning:: and ::error:: are swallowed */
  stopCommands: 'a2\n::stop-commands::tok42',
  /** a carriage return is a line break for the runner too */
  crWarning: 'a3\r::warning title=pwned::injected warning',
  /** masks a word the action prints ('Deleted') */
  addMask: 'a4\n::add-mask::Deleted',
  /** a name that is a command from its first character */
  errorAtStart: '::error::a5 is a command',
  /** ANSI: colour, clear screen, cursor up, an OSC 8 hyperlink */
  ansi: 'a6\u001b[31mred\u001b[0m\u001b[2J\u001b[1A\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  /** an 8-bit CSI (C1 control) and NEL, which some terminals honour */
  c1: 'a7\u009b31m\u0085::notice::after NEL',
  /** NUL, BEL, backspace, tab, vertical tab, form feed, DEL */
  controls: 'a8\u0000\u0007\b\t\v\f\u007f',
  /** closes the Mermaid fence and writes a heading and a link (the example) */
  mermaidFence: 'n6"\n```\n## OUT OF THE MERMAID FENCE [click](https://evil.example)\n```mermaid',
  /** a longer fence and a tilde fence */
  longFence: 'a9 ````\n~~~\n# heading',
  /** breaks a table row */
  pipe: 'a10 | x | y |',
  /** raw HTML in a cell */
  html: 'a11<img src=x onerror=alert(1)><script>alert(2)</script>',
  /** inline code and a link in a cell */
  backticks: 'a12 `code` and [link](https://evil.example)',
  /** Mermaid's entity syntax (`#35;` is '#') and a quote */
  mermaidEntity: 'a13 #35; #quot; #59; " quoted',
  /** Mermaid directives and a pie line of its own */
  mermaidDirective: 'a14\n%%{init: {"theme":"dark"}}%%\n"evil" : 1000',
  /** Unicode line and paragraph separators and a right-to-left override */
  unicodeBreaks: 'a15\u2028\u2029\u202eevil',
  /** looks like an escape the action might print itself */
  fakeEscape: 'a16\\n::set-output name=x::y',
  /** the runner's legacy command form, which it reads anywhere in a line */
  legacyCommand: 'a18 ##[set-output name=legacy;]attacker ##[add-mask]Deleted',
  /** Markdown emphasis, heading and HTML entity */
  markdown: '# a17 **bold** &lt;b&gt; _x_'
} as const satisfies Record<string, string>

/** Branch names (a run's head_branch, a pull request's head ref). */
export const HOSTILE_BRANCHES = {
  /** breaks the summary table (the example) */
  tableRow: 'br\n| x | y |',
  setOutput: 'br2\n::set-output name=branch::attacker',
  stopCommands: 'br3\r\n::stop-commands::tok99',
  ansi: 'br4\u001b[32mgreen',
  fence: 'br5\n```\n## heading from a branch',
  html: 'br6<b>bold</b>',
  brackets: 'br7[x](https://evil.example)'
} as const satisfies Record<string, string>

const MINUTE = 60000
const DAY = 86400000

export interface HostileRepositoryOptions {
  /** the emulator clock's now (ms); artifacts are created in the hour before it */
  now: number
  /** the repository id the seeds name (what `addRepository`'s extras give as `id`) */
  repositoryId?: number
  /** first artifact id (default 700000001); ids go up by one */
  firstId?: number
  /** names to serve (default every HOSTILE_NAMES value) */
  names?: readonly string[]
  /** branches, given to the runs in turn (default every HOSTILE_BRANCHES value) */
  branches?: readonly string[]
}

export interface HostileRepository {
  artifacts: SeedArtifact[]
  /** a workflow with a hostile name and runs on the hostile branches */
  extras: SeedRepositoryExtras & { id: number }
}

/**
 * One artifact per hostile name, each in its own run, the runs on the hostile branches in turn (a
 * workflow named with a fence breaker, and a pull request with a hostile head ref and title).
 * Add it with `emu.addRepository(name, r.artifacts, r.extras)`.
 */
export function hostileRepository(o: HostileRepositoryOptions): HostileRepository {
  const repositoryId = o.repositoryId ?? 1296269
  const firstId = o.firstId ?? 700000001
  const names = o.names ?? Object.values(HOSTILE_NAMES)
  const branches = o.branches ?? Object.values(HOSTILE_BRANCHES)
  const content = createZip([
    { name: 'data.txt', data: Buffer.from('hostile names, honest bytes\n'), mtime: new Date(o.now) }
  ])
  const workflow = {
    id: 90001,
    name: 'ci ```\n## workflow heading',
    path: '.github/workflows/ci.yml'
  }
  const artifacts: SeedArtifact[] = []
  const runs: SeedRun[] = []
  names.forEach((name, i) => {
    const created = o.now - (names.length - i) * MINUTE
    const runId = 800000001 + i
    const branch = branches[i % branches.length]
    const sha = (i + 1).toString(16).padStart(40, 'c')
    runs.push({
      id: runId,
      workflow_id: workflow.id,
      event: 'push',
      status: 'completed',
      conclusion: 'success',
      head_branch: branch,
      head_sha: sha,
      head_repository_id: repositoryId,
      run_number: i + 1,
      created_at: new Date(created - MINUTE).toISOString()
    })
    artifacts.push({
      id: firstId + i,
      name,
      created_at: new Date(created).toISOString(),
      expires_at: new Date(created + 90 * DAY).toISOString(),
      expired: false,
      workflow_run: {
        id: runId,
        repository_id: repositoryId,
        head_repository_id: repositoryId,
        head_branch: branch,
        head_sha: sha
      },
      content
    })
  })
  const pulls = [
    {
      number: 4242,
      title: 'pr ```\n::set-output name=pr::x',
      state: 'open' as const,
      head_ref: branches[0],
      head_sha: runs[0]?.head_sha ?? '0'.repeat(40),
      head_repository_id: repositoryId,
      base_ref: 'main',
      created_at: new Date(o.now - DAY).toISOString()
    }
  ]
  return { artifacts, extras: { id: repositoryId, workflows: [workflow], runs, pulls } }
}
