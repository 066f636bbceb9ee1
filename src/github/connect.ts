import type { Clock, Log } from '../log.js'
import type { Settings } from '../settings.js'
import { type ArtifactsApi, OctokitArtifactsApi } from './artifacts-api.js'
import { createOctokit, readTuning } from './client.js'
import { RepositoriesApi } from './repos-api.js'
import { backoffMs } from './retry.js'
import { type RunsApi, OctokitRunsApi } from './runs-api.js'
import { type TagsApi, OctokitTagsApi } from './tags-api.js'
import { Traffic } from './traffic.js'

/** Everything the rest of the action gets from GitHub; nothing else sees Octokit. */
export interface GitHub {
  api: ArtifactsApi
  runsApi: RunsApi
  /** The repository's tags (keep-tagged). */
  tagsApi: TagsApi
  /** The wait before retry number `retry` (0-based): the client's backoff, for download's fresh URLs. */
  backoffMs(retry: number): number
}

/**
 * Builds the one Traffic control (budget, pacing, concurrency), the one Octokit client, and the
 * APIs over it. Tuning comes from the ARTIFACT_KEEPER_* variables (README.md); throws naming a bad one.
 */
export function connect(
  settings: Settings,
  env: Record<string, string | undefined>,
  log: Log,
  clock: Clock,
  random: () => number = Math.random
): GitHub {
  return connectMany(settings, env, log, clock, random).forRepository(settings.owner, settings.repo)
}

/** One client for several repositories: one Traffic, so one budget, pacing and concurrency bound. */
export interface ManyGitHub {
  /** The APIs of one repository, over the shared client. */
  forRepository(owner: string, repo: string): GitHub
  /** The owner's repositories the token can see. */
  repositories: RepositoriesApi
}

/** Like connect, for several repositories: everything shares the one Traffic and client. */
export function connectMany(
  settings: Settings,
  env: Record<string, string | undefined>,
  log: Log,
  clock: Clock,
  random: () => number = Math.random
): ManyGitHub {
  const tuning = readTuning(env)
  const repository = settings.targets?.label ?? `${settings.owner}/${settings.repo}`
  const traffic = new Traffic(
    {
      reserve: settings.reserve,
      concurrency: settings.concurrency,
      writesPerMinute: settings.deletesPerMinute,
      maxWaitMs: tuning.maxWaitMs,
      repository
    },
    clock
  )
  const octokit = createOctokit(settings, traffic, { tuning, clock, log, random })
  return {
    forRepository: (owner, repo) => ({
      api: new OctokitArtifactsApi(octokit, owner, repo, settings.concurrency),
      runsApi: new OctokitRunsApi(octokit, owner, repo),
      tagsApi: new OctokitTagsApi(octokit, owner, repo),
      backoffMs: (retry) => backoffMs(tuning.retryBaseMs, retry, random)
    }),
    repositories: new RepositoriesApi(octokit)
  }
}
