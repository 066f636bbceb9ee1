import { rmSync } from 'node:fs'
import { mkdir, mkdtemp, realpath, rm, unlink } from 'node:fs/promises'
import { basename, join, relative, sep } from 'node:path'
import pLimit from 'p-limit'
import { type Artifact, type ArtifactResult, describeArtifact } from '../artifact.js'
import { extractZip, looksLikeZip } from '../download/extract.js'
import {
  BlobFetchError,
  BodyReader,
  checkAnnounced,
  checkLength,
  type FetchedBlob,
  fetchBlob,
  saveBody
} from '../download/fetch-blob.js'
import { isPlainFileName, type Placement, planLayout, refusalOf } from '../download/layout.js'
import { checkDestination } from '../download/destination.js'
import { isPositiveId } from '../download/names.js'
import { Promoter } from '../download/promote.js'
import { isNoSpace, SpaceLedger } from '../download/space.js'
import { fetchDirectory, streamExtract } from '../download/stream-extract.js'
import { readTransferTuning, type TransferTuning } from '../download/tuning.js'
import { errorMessage } from '../errors.js'
import type { ArtifactsApi } from '../github/artifacts-api.js'
import { ReserveReachedError } from '../github/errors.js'
import type { Clock, Log } from '../log.js'
import type { Selection } from '../select.js'
import type { DownloadModeSettings, DownloadSettings } from '../settings.js'
import { type OperationDeps, type OperationOutcome, notReached } from './result.js'
import { formatBytes } from '../units.js'
import { Progress } from '../progress.js'

/** Attempts per artifact: each asks the API for a fresh signed URL. */
export const MAX_ATTEMPTS = 5
/** Artifacts transferred at once at most (fewer when `concurrency` is lower). */
export const DOWNLOADS_IN_FLIGHT = 4

/** How download runs. */
interface DownloadOptions extends DownloadSettings {
  /** `concurrency` input: downloads in flight are min(this, DOWNLOADS_IN_FLIGHT). */
  concurrency: number
  /** The wait before retry number `retry` (0-based), with jitter. */
  backoffMs(retry: number): number
  /** Registers a secret with the runner so the log masks it (core.setSecret). */
  mask(secret: string): void
  /** Transfer timeouts and thresholds; default: read from the environment (README, "Tuning"). */
  transfer?: TransferTuning
  /** The API's base URL: when it is https, signed URLs must be https too. Default GITHUB_API_URL. */
  apiUrl?: string
}

/**
 * Downloads the selected artifacts, newest first, a few at a time. Stage, verify, promote: each
 * artifact is written into a private staging directory beside the destination (extracted while it
 * arrives when it is large), and moved into place only once its digest matched and its archive
 * was extracted whole. One artifact's failure does not stop the others, nor touch their files.
 */
export async function downloadOperation(
  deps: OperationDeps,
  selection: Selection,
  settings: DownloadModeSettings
): Promise<OperationOutcome> {
  const { api, log, clock } = deps
  const options: DownloadOptions = {
    ...settings.download,
    concurrency: settings.concurrency,
    backoffMs: deps.backoffMs,
    mask: deps.mask,
    apiUrl: settings.apiUrl
  }
  const transfer = options.transfer ?? readTransferTuning(process.env)
  // The checkout's own symbolic links may not take the destination into .git or out of the
  // workspace: checked before anything is created, and again once it exists.
  const workspace = process.env.GITHUB_WORKSPACE
  await checkDestination(options.path, workspace)
  await mkdir(options.path, { recursive: true })
  const root = await realpath(options.path)
  await checkDestination(root, workspace && (await realpath(workspace).catch(() => workspace)))
  // Same file system as the destination: staged files are moved into place, never copied.
  const temp = await mkdtemp(join(root, '.artifact-keeper-'))
  const run = new DownloadRun(api, options, transfer, root, temp, log, clock, selection.selected)
  const cancel = onCancel(temp, run)
  try {
    const limit = pLimit(Math.max(1, Math.min(options.concurrency, DOWNLOADS_IN_FLIGHT)))
    const done = await Promise.all(
      selection.selected.map((a, rank) =>
        limit(async () => {
          try {
            return run.stopReason ? notReachedResult(a) : await run.downloadOne(a, rank)
          } finally {
            run.settle(rank)
          }
        })
      )
    )
    const later = notReached(selection.notReached)
    return { results: [...done, ...later], downloadPath: root, stopReason: run.stopReason }
  } finally {
    cancel.dispose()
    run.stop()
    await rm(temp, { recursive: true, force: true })
  }
}

/**
 * A cancelled step (the runner sends SIGINT, then SIGTERM) must not leave the staging folder, with
 * its unverified files, in the destination: the promotion under way finishes (so the files it
 * moved aside are put back or replaced, never lost), then staging is removed and the step exits.
 */
function onCancel(temp: string, run: DownloadRun): { dispose(): void } {
  let stopping = false
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    void run
      .cancelled()
      .finally(() => rmSync(temp, { recursive: true, force: true }))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return {
    dispose: () => {
      process.off('SIGINT', handler)
      process.off('SIGTERM', handler)
    }
  }
}

/** An artifact written into staging, not yet verified. */
type Staged =
  | { kind: 'tree'; dir: string; sha256: string; bytes: number }
  | { kind: 'file'; file: string; sha256: string; bytes: number }

function notReachedResult(artifact: Artifact): ArtifactResult {
  return notReached([artifact])[0]
}

class DownloadRun {
  /** Set when the rate-limit reserve stopped new work. */
  stopReason?: string
  /** Whether the notice about artifacts without a digest was given. */
  private noDigestSaid = false
  private readonly plan: Map<number, Placement>
  private readonly progress: Progress
  private readonly ticker: NodeJS.Timeout
  private readonly promoter: Promoter
  private readonly space: SpaceLedger
  private readonly httpsOnly: boolean
  /** Per artifact (by rank, newest first): settles when it is done, whatever the outcome. */
  private readonly settled: { promise: Promise<void>; resolve: () => void }[]

  constructor(
    private readonly api: ArtifactsApi,
    private readonly options: DownloadOptions,
    private readonly transfer: TransferTuning,
    private readonly root: string,
    private readonly temp: string,
    private readonly log: Log,
    private readonly clock: Clock,
    artifacts: Artifact[]
  ) {
    this.plan = planLayout(
      artifacts.filter((a) => isPlainFileName(a.name) && isPositiveId(a.id)),
      root,
      options
    )
    this.progress = new Progress(
      'Downloaded',
      artifacts.length,
      log,
      clock,
      transfer.progressMs,
      artifacts.reduce((sum, a) => sum + declaredSize(a), 0)
    )
    this.ticker = setInterval(() => this.progress.maybeLog(), transfer.progressMs)
    this.ticker.unref()
    this.promoter = new Promoter(root, basename(temp))
    this.space = new SpaceLedger(root, transfer.freeSpaceBytes)
    const apiUrl = options.apiUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com'
    this.httpsOnly = /^https:/i.test(apiUrl)
    this.settled = artifacts.map(() => {
      let resolve = (): void => {}
      const promise = new Promise<void>((r) => (resolve = r))
      return { promise, resolve }
    })
  }

  /** The artifact of this rank is done (downloaded, failed, expired or not reached). */
  settle(rank: number): void {
    this.settled[rank]?.resolve()
  }

  stop(): void {
    clearInterval(this.ticker)
  }

  /** The step is cancelled: no more promotions start; the one under way finishes. */
  async cancelled(): Promise<void> {
    this.stopReason ??= 'the step was cancelled'
    await this.promoter.close()
  }

  async downloadOne(artifact: Artifact, rank: number): Promise<ArtifactResult> {
    const refused = this.refusal(artifact)
    if (refused) {
      this.log.warning(`Not downloading ${describeArtifact(artifact)}: ${refused}`)
      return { artifact, outcome: 'failed', error: refused }
    }
    const placement = this.plan.get(artifact.id) as Placement
    const work = join(this.temp, String(artifact.id))
    const releases: ((kept: boolean) => void)[] = []
    let promoted = false
    try {
      const staged = await this.fetchWithRetries(artifact, work, releases)
      if (staged === 'expired') {
        this.log.warning(
          `${describeArtifact(artifact)} has expired (410): it can no longer be downloaded`
        )
        return { artifact, outcome: 'expired' }
      }
      if (staged === 'gone') throw new Error('the artifact no longer exists (404)')
      this.checkDigest(artifact, staged.sha256)
      const path = await this.place(artifact, placement, staged, work, rank, releases)
      promoted = true
      this.log.info(`Downloaded ${describeArtifact(artifact)} to ${path}`)
      return { artifact, outcome: 'downloaded', path }
    } catch (error) {
      if (error instanceof ReserveReachedError) {
        // The rate-limit reserve: stop starting work; this one and the rest wait for the next run.
        this.stopReason ??= error.message
        return notReachedResult(artifact)
      }
      const message = isNoSpace(error)
        ? `the disk filled up while writing it (ENOSPC); nothing of it was put in place. Free some space, or download fewer artifacts at once.`
        : errorMessage(error)
      this.log.warning(`Could not download ${describeArtifact(artifact)}: ${message}`)
      return { artifact, outcome: 'failed', error: message }
    } finally {
      for (const release of releases) release(promoted)
      await rm(work, { recursive: true, force: true })
      this.progress.finished()
    }
  }

  /** Why an artifact is refused before any request, if it is. */
  private refusal(artifact: Artifact): string | undefined {
    return refusalOf(artifact, this.plan)
  }

  /** Fresh URL, stage; on a dropped transfer or a refused URL, a fresh URL again, with backoff. */
  private async fetchWithRetries(
    artifact: Artifact,
    work: string,
    releases: ((kept: boolean) => void)[]
  ): Promise<Staged | 'expired' | 'gone'> {
    for (let attempt = 1; ; attempt++) {
      const link = await this.api.getDownloadUrl(artifact.id)
      if (link.kind !== 'url') return link.kind
      // Checked before it is registered as a secret: a 'URL' such as `a:` would mask that text
      // in the whole log.
      const scheme = new URL(link.url).protocol
      if (scheme !== 'https:' && scheme !== 'http:')
        throw new BlobFetchError(`the signed URL has an unsupported scheme ${scheme}`, false)
      this.options.mask(link.url)
      if (this.httpsOnly && !/^https:/i.test(link.url))
        throw new BlobFetchError(
          'the API is https, but its signed URL is not (a redirect to plain http); refused',
          false
        )
      const dir = join(work, String(attempt))
      await mkdir(dir, { recursive: true })
      let received = 0
      const onBytes = (n: number): void => {
        received += n
        this.progress.add(n)
      }
      try {
        return await this.stage(artifact, link.url, dir, onBytes, releases)
      } catch (error) {
        await rm(dir, { recursive: true, force: true })
        this.progress.add(-received)
        for (const release of releases.splice(0)) release(false)
        if (!(error instanceof BlobFetchError) || !error.retryable || attempt >= MAX_ATTEMPTS)
          throw error
        const wait = this.options.backoffMs(attempt - 1)
        this.log.info(
          `${describeArtifact(artifact)}: ${error.message}; asking for a fresh URL, attempt ${attempt + 1} of ${MAX_ATTEMPTS} in ${wait} ms`
        )
        await this.clock.sleep(wait)
      }
    }
  }

  /**
   * One attempt. A large artifact to extract: its central directory first (checked whole), its
   * declared size reserved, then the body extracted into staging as it arrives. Otherwise (or when
   * the host does not serve ranges, or the archive is zip64): the body saved into staging.
   */
  private async stage(
    artifact: Artifact,
    url: string,
    dir: string,
    onBytes: (n: number) => void,
    releases: ((kept: boolean) => void)[]
  ): Promise<Staged> {
    const file = join(dir, 'body')
    if (this.options.extract && artifact.sizeInBytes >= this.transfer.streamMinBytes) {
      const answer = await fetchDirectory(url, this.transfer)
      if (answer.kind === 'plan') {
        releases.push(await this.space.reserve(answer.plan.bytes, describeArtifact(artifact)))
        const tree = join(dir, 'tree')
        await mkdir(tree)
        const result = await streamExtract(url, answer.plan, tree, this.transfer, onBytes)
        this.log.debug(`${artifact.name}: ${result.files} files extracted while downloading`)
        return { kind: 'tree', dir: tree, sha256: result.sha256, bytes: result.bytes }
      }
      if (answer.kind === 'whole') {
        // The host ignored the range: this answer is the whole body.
        releases.push(await this.space.reserve(declaredSize(artifact), describeArtifact(artifact)))
        checkAnnounced(answer.response, bodyLimit(artifact))
        const reader = new BodyReader(answer.response.message, this.transfer, onBytes)
        const blob = await saveBody(reader, file, bodyLimit(artifact))
        checkLength(answer.response, blob.bytes)
        return { kind: 'file', file, ...blob }
      }
    }
    releases.push(await this.space.reserve(declaredSize(artifact), describeArtifact(artifact)))
    const blob: FetchedBlob = await fetchBlob(
      url,
      file,
      this.transfer,
      onBytes,
      bodyLimit(artifact)
    )
    return { kind: 'file', file, ...blob }
  }

  /** Compares the SHA-256 with the API's `digest` and applies `digest-mismatch`. */
  private checkDigest(artifact: Artifact, sha256: string): void {
    const expected = /^sha256:([0-9a-f]{64})$/i.exec(artifact.digest ?? '')?.[1]?.toLowerCase()
    if (!expected) {
      // Said once, as a notice: GHES and older artifacts (upload-artifact < v4) have no digest.
      if (!this.noDigestSaid) {
        this.noDigestSaid = true
        const say = this.log.notice?.bind(this.log) ?? this.log.info.bind(this.log)
        say(
          `${describeArtifact(artifact)} has no SHA-256 digest (GitHub Enterprise Server, or upload-artifact < v4): ` +
            'its integrity, and that of any other artifact without one, rests on TLS alone.'
        )
      }
      return
    }
    if (expected === sha256) return
    const message = `its SHA-256 is ${sha256}, but the API's digest is sha256:${expected}`
    if (this.options.digestMismatch === 'error') {
      throw new Error(
        `${message}. Nothing of it was written. If you trust the source, set 'digest-mismatch: warn' to keep it anyway.`
      )
    }
    if (this.options.digestMismatch === 'warn')
      this.log.warning(
        `${describeArtifact(artifact)}: ${message}; kept because digest-mismatch is 'warn'`
      )
    else this.log.debug(`${describeArtifact(artifact)}: ${message}; digest-mismatch is 'ignore'`)
  }

  /**
   * Verified: a zip saved whole is extracted into staging (or kept with `extract: false`), a body
   * that is not a zip is kept as it is; then promoted into place.
   */
  private async place(
    artifact: Artifact,
    placement: Placement,
    staged: Staged,
    work: string,
    rank: number,
    releases: ((kept: boolean) => void)[]
  ): Promise<string> {
    const dirSegments = relative(this.root, placement.dir).split(sep).filter(Boolean)
    // merge-multiple: artifacts share the destination, so they move in newest first. Files are
    // never taken from a newer artifact (the promoter's ranks), and a clash between one's file and
    // another's directory always goes the same way, whatever order the transfers finished in.
    if (this.options.mergeMultiple)
      await Promise.all(this.settled.slice(0, rank).map((s) => s.promise))
    const aside = join(work, 'aside')
    await mkdir(aside, { recursive: true })
    let tree = staged.kind === 'tree' ? staged.dir : undefined
    if (staged.kind === 'file') {
      const zip = await looksLikeZip(staged.file)
      if (zip && this.options.extract) {
        tree = join(work, 'extracted')
        await mkdir(tree)
        const { files, bytes } = await extractZip(staged.file, tree, [], async (needed) => {
          releases.push(await this.space.reserve(needed, describeArtifact(artifact)))
        })
        await unlink(staged.file)
        this.log.debug(`${artifact.name}: ${files} files, ${formatBytes(bytes)} extracted`)
      } else {
        if (!zip) this.log.info(`${describeArtifact(artifact)} is not a zip: saved as it is`)
        const target = zip
          ? [`${placement.base}.zip`]
          : this.options.extract
            ? [...dirSegments, artifact.name]
            : [placement.base]
        await this.promoter.promoteFile(staged.file, target, rank, aside)
        return join(this.root, ...target)
      }
    }
    const promoted = await this.promoter.promoteTree(tree as string, dirSegments, rank, aside)
    if (promoted.skipped > 0)
      this.log.info(
        `${describeArtifact(artifact)}: ${promoted.skipped} file(s) left as a newer artifact wrote them (merge-multiple)`
      )
    return placement.dir
  }
}

/** The zip's size as the API says it (attacker-chosen: anything but a size counts as 0). */
function declaredSize(artifact: Artifact): number {
  const size = artifact.sizeInBytes
  return Number.isSafeInteger(size) && size > 0 ? size : 0
}

/**
 * The most bytes the blob host may send for an artifact. With a SHA-256 digest (upload-artifact
 * v4), `size_in_bytes` is the zip's own size: not a byte more. Older artifacts declare the size of
 * what was uploaded, which their zip may exceed a little: twice that, plus 1 MiB. Either way an
 * endless or padded body is cut off instead of filling the disk.
 */
export function bodyLimit(artifact: Artifact): number {
  const declared = declaredSize(artifact)
  return /^sha256:[0-9a-f]{64}$/i.test(artifact.digest ?? '')
    ? declared
    : 2 * declared + 1024 * 1024
}
