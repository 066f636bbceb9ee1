/**
 * `npm run demo`: starts the GitHub API emulator with a realistic repository and runs the bundled
 * action (dist/index.js) against it the way a runner does: a listing, a dry-run clean-up, the
 * clean-up itself, and a download of the newest artifact of a name from an earlier run. Prints the
 * logs and the job summaries as a user would see them.
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import {
  type Emulator,
  generateRepository,
  startEmulator,
  uploadArtifactZip
} from '../emulator/index.js'
import { type ActionRun, runAction } from '../scripts/run-action.js'
import { formatBytes } from '../src/units.js'
import { bold, inverse, renderLog, renderMarkdown } from './terminal.js'

const REPO = 'octo-org/octo-repo'
const TOKEN = 'ghs_write_token'

function show(title: string, run: ActionRun): void {
  console.log(`\n${inverse(` ${title} `)}  (exit code ${run.code})\n`)
  console.log(renderLog(run.stdout))
  console.log(`\n${bold('── Job summary ──')}`)
  console.log(renderMarkdown(run.summary))
}

async function main(): Promise<void> {
  const emulator = await startEmulator()
  try {
    // Artifacts with their workflow runs (CI, Build, E2E, …): the report names runs and workflows.
    const { artifacts, workflows, runs, pulls } = generateRepository({
      seed: 2026,
      count: 3000,
      repositoryId: 4242
    })
    emulator.addRepository(REPO, artifacts, { id: 4242, workflows, runs, pulls })
    const before = emulator.listArtifacts(REPO)
    const bytesBefore = before.reduce((s, a) => s + a.size_in_bytes, 0)
    console.log(
      `GitHub API emulator on ${emulator.url}: ${REPO} has ${before.length.toLocaleString('en-US')} artifacts (${formatBytes(bytesBefore)}).`
    )

    const base = { apiUrl: emulator.url, token: TOKEN, repository: REPO }
    show('1. List: mode: list', await runAction({ ...base, inputs: { mode: 'list' } }))

    const cleaner = {
      mode: 'delete',
      name: '*\n!release-*',
      'older-than': '30 days',
      'keep-latest': '2',
      'keep-latest-by': 'name-and-branch',
      // The emulator enforces no secondary limit; on GitHub keep the default pacing.
      'deletes-per-minute': '0'
    }
    show(
      "2. Dry run: mode: delete, name: '*, !release-*', older-than: 30 days, keep-latest: 2 per name and branch, dry-run: true",
      await runAction({ ...base, inputs: { ...cleaner, 'dry-run': 'true' } })
    )
    const cleanup = await runAction({ ...base, inputs: cleaner })
    show('3. The clean-up itself (same inputs, dry-run: false)', cleanup)

    const after = emulator.listArtifacts(REPO)
    const bytesAfter = after.reduce((s, a) => s + a.size_in_bytes, 0)
    console.log(
      `\nStorage: ${formatBytes(bytesBefore)} in ${before.length.toLocaleString('en-US')} artifacts → ${formatBytes(bytesAfter)} in ${after.length.toLocaleString('en-US')}; ` +
        `freed ${formatBytes(bytesBefore - bytesAfter)} (deleted-bytes output: ${formatBytes(Number(cleanup.outputs['deleted-bytes']))}).`
    )

    await demoDownload(emulator, base)
    if (cleanup.code !== 0) process.exitCode = 1
  } finally {
    await emulator.close()
  }
}

/** 4. Download: the newest `dist` of the main branch, made by an earlier run, into `path`. */
async function demoDownload(
  emulator: Emulator,
  base: { apiUrl: string; token: string; repository: string }
): Promise<void> {
  const run = {
    id: 990001,
    repository_id: 4242,
    head_repository_id: 4242,
    head_branch: 'main',
    head_sha: 'feedc0de'.repeat(5)
  }
  const created = new Date(Date.now() - 2 * 3_600_000).toISOString()
  emulator.addArtifacts(REPO, [
    {
      id: 990001001,
      name: 'site',
      created_at: created,
      expires_at: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      expired: false,
      workflow_run: run,
      content: await uploadArtifactZip({
        'index.html': '<h1>Built by run 990001</h1>\n',
        'assets/app.js': "console.log('hello')\n",
        'bin/serve.sh': { data: '#!/bin/sh\npython3 -m http.server\n', mode: 0o755 }
      })
    }
  ])
  const download = await runAction({
    ...base,
    inputs: { mode: 'download', name: 'site', branch: 'main', path: 'site' }
  })
  show('4. Download: mode: download, name: site, branch: main, path: site', download)
  const path = download.outputs['download-path']
  console.log(`download-path: ${path}`)
  for (const file of listFiles(path)) console.log(`  ${file}`)
  if (download.code !== 0) process.exitCode = 1
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? listFiles(join(dir, e.name), `${prefix}${e.name}/`)
      : [`${prefix}${e.name}  (${statSync(join(dir, e.name)).mode.toString(8).slice(-3)})`]
  )
}

await main()
