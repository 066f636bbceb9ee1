import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse } from 'yaml'

const root = new URL('../', import.meta.url).pathname

interface ActionYaml {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, { description: string }>
}

/** The temporary folders of runs not removed yet (each run's workspace lives in one). */
const runFolders = new Set<string>()

/**
 * Removes every temporary folder `runAction` made (workspaces included). Jest calls it after each
 * test file (scripts/jest-cleanup.ts); scripts get it at exit.
 */
export function removeRunFolders(): void {
  for (const dir of runFolders) rmSync(dir, { recursive: true, force: true })
  runFolders.clear()
}

process.once('exit', removeRunFolders)

/** action.yml, parsed. */
export function readActionYaml(): ActionYaml {
  return parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionYaml
}

/** What one run of the bundled action left behind. */
export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  workspace: string
  /** `::error::` lines (setFailed). */
  errors: string[]
  warnings: string[]
  /** Peak resident set size of the child in bytes, when `measureRss` was set. */
  maxRssBytes?: number
}

export interface RunOptions {
  apiUrl: string
  token: string
  repository: string
  inputs?: Record<string, string>
  env?: Record<string, string>
  /** Record the child's peak RSS (a preload writes process.resourceUsage().maxRSS at exit). */
  measureRss?: boolean
  /** Runs this script instead of dist/index.js, the same way (bench: a do-nothing action). */
  script?: string
  /** Called with the child once it runs (a test that cancels the step sends it a signal). */
  onSpawn?: (child: ChildProcess) => void
}

/**
 * Runs `node dist/index.js` the way the runner does: every input of action.yml as INPUT_<NAME>
 * with its default (the `${{ github.* }}` expressions filled in), plus the given inputs;
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files; a workspace folder.
 */
export async function runAction(options: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'artifact-keeper-run-'))
  runFolders.add(dir)
  const workspace = join(dir, 'workspace')
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: options.repository,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: join(dir, 'runner-temp'),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...options.env
  }
  const defaults = readActionYaml().inputs
  for (const [name, spec] of Object.entries(defaults)) {
    const value = (spec.default ?? '')
      .replace('${{ github.token }}', options.token)
      .replace('${{ github.repository }}', options.repository)
    env[`INPUT_${name.toUpperCase()}`] = value
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${name.toUpperCase()}`] = value
  }
  const rssFile = join(dir, 'max-rss')
  const args = [options.script ?? join(root, 'dist/index.js')]
  if (options.measureRss) {
    env.ARTIFACT_KEEPER_MAXRSS_FILE = rssFile
    args.unshift('--import', pathToFileURL(join(root, 'scripts/max-rss.mjs')).href)
  }
  const { code, stdout, stderr } = await spawnNode(args, env, workspace, options.onSpawn)
  const lines = stdout.split('\n')
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    workspace,
    errors: lines.filter((l) => l.startsWith('::error')).map(commandMessage),
    warnings: lines.filter((l) => l.startsWith('::warning')).map(commandMessage),
    maxRssBytes: options.measureRss ? Number(readFileSync(rssFile, 'utf8')) : undefined
  }
}

function commandMessage(line: string): string {
  return line
    .slice(line.indexOf('::', 2) + 2)
    .replace(/%0A/g, '\n')
    .replace(/%0D/g, '\r')
    .replace(/%25/g, '%')
}

function spawnNode(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  onSpawn?: (child: ChildProcess) => void
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  mkdirSync(cwd, { recursive: true })
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    onSpawn?.(child)
  })
}

/** Parses the runner's GITHUB_OUTPUT file (`name<<delimiter` blocks). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (!match) continue
    const value: string[] = []
    for (i += 1; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i])
    outputs[match[1]] = value.join('\n')
  }
  return outputs
}

/**
 * The log as the runner shows it: `::add-mask::` lines are consumed by the runner (that is how a
 * secret gets masked), so they are not part of what anyone sees.
 */
export function visible(stdout: string): string {
  return stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
}
