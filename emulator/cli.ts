/**
 * Starts an emulator with a generated repository octo-org/octo-repo and prints how to reach it.
 *   node --import ./scripts/register-ts.mjs emulator/cli.ts [--count N] [--seed S]
 * Stays up until Ctrl-C.
 */
import { parseArgs } from 'node:util'
import { DEFAULT_TOKENS, generateArtifacts, startEmulator } from './index.js'

const REPO = 'octo-org/octo-repo'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '500' },
      seed: { type: 'string', default: '1' }
    }
  })
  const count = Number(values.count)
  const seed = Number(values.seed)
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(seed)) {
    throw new Error('--count and --seed take integers')
  }
  const emulator = await startEmulator()
  emulator.addRepository(REPO, generateArtifacts({ seed, count }))
  const artifacts = emulator.listArtifacts(REPO)
  const live = artifacts.find((a) => !a.expired)
  const lines = [
    `GitHub API emulator listening on ${emulator.url}`,
    `repository ${REPO} (id ${emulator.repositoryId(REPO)}): ${artifacts.length} artifacts (seed ${seed})`,
    'tokens:',
    ...Object.entries(DEFAULT_TOKENS).map(([token, permission]) => `  ${token}  (${permission})`),
    '',
    'try:',
    `  export GITHUB_API_URL=${emulator.url}`,
    `  curl -i -H 'Authorization: Bearer ghs_read_token' "$GITHUB_API_URL/repos/${REPO}/actions/artifacts?per_page=5"`,
    ...(live
      ? [
          `  curl -i -H 'Authorization: Bearer ghs_read_token' "$GITHUB_API_URL/repos/${REPO}/actions/artifacts/${live.id}/zip"`,
          `  curl -o artifact.zip "<the Location above>"   # no Authorization header on the blob URL`
        ]
      : []),
    `  curl -i -X DELETE -H 'Authorization: Bearer ghs_write_token' "$GITHUB_API_URL/repos/${REPO}/actions/artifacts/<id>"`,
    `  curl -s -H 'Authorization: Bearer ghs_read_token' "$GITHUB_API_URL/rate_limit"`,
    '',
    'Ctrl-C to stop.'
  ]
  process.stdout.write(lines.join('\n') + '\n')
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await emulator.close()
  process.stdout.write('emulator stopped\n')
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
