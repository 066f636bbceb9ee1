// The side-by-side contender: GitHub's own @actions/artifact, through its public-API path
// (`findBy`), run as a child process against the same emulator (GITHUB_API_URL).
//   BENCH_OP=list|download BENCH_TOKEN BENCH_OWNER BENCH_REPO BENCH_RUN_ID [BENCH_ARTIFACT_ID BENCH_DEST]
import { DefaultArtifactClient } from '@actions/artifact'

const env = process.env
const findBy = {
  token: env.BENCH_TOKEN,
  workflowRunId: Number(env.BENCH_RUN_ID),
  repositoryOwner: env.BENCH_OWNER,
  repositoryName: env.BENCH_REPO
}
const client = new DefaultArtifactClient()
if (env.BENCH_OP === 'list') {
  const { artifacts } = await client.listArtifacts({ findBy })
  console.log(JSON.stringify({ count: artifacts.length }))
} else {
  const result = await client.downloadArtifact(Number(env.BENCH_ARTIFACT_ID), {
    path: env.BENCH_DEST,
    findBy
  })
  console.log(JSON.stringify(result))
}
