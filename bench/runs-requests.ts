/**
 * Request counts of run selection against a 5,000-run repository: runs each README example
 * through dist/index.js against the emulator and prints the requests it sent beside what one
 * request per candidate run would cost (the artifact listing, plus one GET of each distinct run
 * the candidate artifacts name). Counts are deterministic for the seed.
 *
 *   npm run package && node --import ./scripts/register-ts.mjs bench/runs-requests.ts
 */
import { generateRepository, startEmulator, type WireArtifact } from '../emulator/index.js'
import { runAction } from '../scripts/run-action.js'
import { compileGlob } from '../src/patterns.js'

const REPO = 'octo-org/monorepo'
const REPO_ID = 5005
const DAY = 86_400_000

const generated = generateRepository({
  seed: 5000,
  count: 11_000,
  repositoryId: REPO_ID,
  totalRuns: 5000
})
const emulator = await startEmulator()
emulator.addRepository(REPO, generated.artifacts, {
  id: REPO_ID,
  runs: generated.runs,
  pulls: generated.pulls,
  workflows: generated.workflows
})
// the newest pull request whose head commit's runs uploaded artifacts
const pull = generated.pulls
  .filter(
    (p) =>
      p.head_repository_id === REPO_ID &&
      generated.artifacts.some((a) => a.workflow_run.head_sha === p.head_sha)
  )
  .at(-1)
if (!pull) throw new Error('no pull request generated')

interface Example {
  title: string
  inputs: Record<string, string>
  /** the artifacts a one-request-per-run resolver would look up runs for */
  candidate: (a: WireArtifact) => boolean
  /** requests such a resolver needs besides run lookups (the pull request) */
  extra?: number
}

const onMain = compileGlob('main')
const examples: Example[] = [
  {
    title: 'latest successful build.yml artifact on main',
    inputs: {
      name: 'build-linux',
      workflow: 'build.yml',
      branch: 'main',
      'run-conclusion': 'success',
      limit: '1'
    },
    candidate: (a) => a.name === 'build-linux' && onMain(a.workflow_run.head_branch)
  },
  {
    title: `artifacts of pull request #${pull.number}`,
    inputs: { 'pull-request': String(pull.number) },
    candidate: (a) => a.workflow_run.head_sha === pull.head_sha,
    extra: 1
  },
  {
    title: "delete failed runs' artifacts after 3 days (dry run)",
    inputs: {
      mode: 'delete',
      'dry-run': 'true',
      'run-conclusion': 'failure',
      'older-than': '3 days'
    },
    candidate: () => true
  },
  {
    title: 'scheduled bench.yml runs’ artifacts',
    inputs: { workflow: 'bench.yml', event: 'schedule' },
    candidate: () => true
  }
]

const all = emulator.listArtifacts(REPO)
const listingPages = (n: number): number => Math.max(1, Math.ceil(n / 100))
const rows: string[] = [
  `| example | artifacts found | requests (ours) | one request per run | strategy |`,
  `|---|---:|---:|---:|---|`
]
for (const example of examples) {
  emulator.resetRequests()
  const run = await runAction({
    apiUrl: emulator.url,
    token: 'ghs_write_token',
    repository: REPO,
    inputs: { 'deletes-per-minute': '0', ...example.inputs }
  })
  if (run.code !== 0) throw new Error(`${example.title}: ${run.errors.join('\n')}`)
  const name = example.inputs.name
  const listed = name ? all.filter((a) => a.name === name) : all
  const candidates = listed.filter((a) => !a.expired && example.candidate(a))
  const runs = new Set(candidates.map((a) => a.workflow_run.id)).size
  const perRun = (example.extra ?? 0) + listingPages(listed.length) + runs
  const strategy = /Workflow runs resolved \(([\w-]+)\)/.exec(run.stdout)?.[1] ?? '?'
  rows.push(
    `| ${example.title} | ${run.outputs.count} | ${emulator.requests.length} | ${perRun} | ${strategy} |`
  )
}
await emulator.close()

console.log(
  `Repository: ${generated.runs.length} workflow runs, ${generated.artifacts.length} artifacts ` +
    `(${all.filter((a) => !a.expired).length} unexpired), ${generated.pulls.length} pull requests; ` +
    `ages up to ${Math.round((Date.now() - Date.parse(all[all.length - 1].created_at)) / DAY)} days.\n`
)
console.log(rows.join('\n'))
