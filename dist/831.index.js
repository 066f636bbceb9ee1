export const id = 831;
export const ids = [831];
export const modules = {

/***/ 5831:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  downloadOperation: () => (/* binding */ downloadOperation)
});

// UNUSED EXPORTS: DOWNLOADS_IN_FLIGHT, MAX_ATTEMPTS

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
// EXTERNAL MODULE: ./src/artifact.ts
var src_artifact = __webpack_require__(5849);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./node_modules/yauzl/index.js
var yauzl = __webpack_require__(663);
// EXTERNAL MODULE: ./src/units.ts
var units = __webpack_require__(1996);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/download/safe-fs.ts
/**
 * File-system steps that never follow a symbolic link below the destination root: every path
 * component is checked with lstat, directories are created one level at a time, files are created
 * with O_EXCL (`wx`), which refuses to open anything that exists, a symlink included.
 */



/** An archive or destination that would make us write where we must not. */
class UnsafePathError extends Error {
    constructor(message) {
        super(message);
        this.name = 'UnsafePathError';
    }
}
function code(error) {
    return error?.code;
}
async function lstatOrUndefined(path) {
    try {
        return await (0,promises_.lstat)(path);
    }
    catch (error) {
        if (code(error) === 'ENOENT')
            return undefined;
        throw error;
    }
}
/**
 * Makes `root/segments…` a directory, one component at a time; fails if any component is a
 * symlink or a file. `root` itself is trusted (the user chose it).
 */
async function ensureDirectory(root, segments, created = []) {
    let path = root;
    for (const segment of segments) {
        path = (0,external_node_path_.join)(path, segment);
        let stats = await lstatOrUndefined(path);
        if (!stats) {
            try {
                await (0,promises_.mkdir)(path, { mode: 0o755 });
                created.push(path);
            }
            catch (error) {
                if (code(error) !== 'EEXIST')
                    throw error; // another artifact made it meanwhile
            }
            stats = await (0,promises_.lstat)(path);
        }
        if (stats.isSymbolicLink())
            throw new UnsafePathError(`'${segments.join('/')}' goes through a symbolic link`);
        if (!stats.isDirectory())
            throw new UnsafePathError(`'${segments.join('/')}' goes through a file that is not a directory`);
    }
    return path;
}
/**
 * Clears the way for a new file at `path`: nothing there, or a regular file (replaced, as
 * download-artifact does). A symlink or a directory there is refused.
 */
async function clearFileSlot(path, shown) {
    const stats = await lstatOrUndefined(path);
    if (!stats)
        return;
    if (stats.isSymbolicLink())
        throw new UnsafePathError(`'${shown}' is a symbolic link in the destination; not writing through it`);
    if (!stats.isFile())
        throw new UnsafePathError(`'${shown}' exists in the destination and is not a file`);
    await (0,promises_.unlink)(path);
}
/**
 * Opens a new file for writing at `root/segments…` (parents created safely). O_EXCL makes the open
 * fail rather than follow a symlink that appeared after the check.
 */
async function createFileStream(root, segments, mode, created = []) {
    const dir = await ensureDirectory(root, segments.slice(0, -1), created);
    const path = (0,external_node_path_.join)(dir, segments[segments.length - 1]);
    const shown = segments.join('/');
    for (let attempt = 0;; attempt++) {
        await clearFileSlot(path, shown);
        try {
            const stream = await openExclusive(path, mode);
            return { path, stream };
        }
        catch (error) {
            // Another artifact of a merge wrote the same file between the check and the open.
            if (code(error) !== 'EEXIST' || attempt >= 2)
                throw error;
        }
    }
}
async function openExclusive(path, mode) {
    const flags = external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | (external_node_fs_.constants.O_NOFOLLOW ?? 0);
    const handle = await (0,promises_.open)(path, flags, mode);
    return handle.createWriteStream();
}
/** Moves a finished temporary file to `root/segments…`, replacing a regular file there. */
async function placeFile(root, segments, from) {
    const dir = await ensureDirectory(root, segments.slice(0, -1));
    const path = (0,external_node_path_.join)(dir, segments[segments.length - 1]);
    await clearFileSlot(path, segments.join('/'));
    await (0,promises_.rename)(from, path);
    return path;
}

;// CONCATENATED MODULE: ./src/download/extract.ts
/**
 * Safe extraction of a verified zip with yauzl: the central directory is read and every entry
 * checked before the first byte is written, so a hostile archive writes nothing at all.
 * Refused: absolute paths, drive letters, `..`, characters upload-artifact never writes, symbolic
 * links and other special entries, duplicates, encrypted entries, a file that is also a directory,
 * more bytes than the directory declares, a CRC that does not match. Local headers are used only
 * to find where an entry's data starts (yauzl), never for names or sizes.
 */






/** An archive that is corrupt or hostile; nothing of it is extracted. */
class ArchiveError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ArchiveError';
    }
}
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const DOS_DIRECTORY = 0x10;
const DOS_REPARSE_POINT = 0x400;
/** Characters upload-artifact refuses in file paths; they mean trouble on some file system. */
const UNSAFE_CHARS = /[:*?"<>|\p{Cc}]/u;
/** Whether the file starts like a zip (a local header, or an empty archive's end record). */
async function looksLikeZip(path) {
    const handle = await (0,promises_.open)(path, 'r');
    try {
        const head = Buffer.alloc(4);
        const { bytesRead } = await handle.read(head, 0, 4, 0);
        if (bytesRead < 4)
            return false;
        const sig = head.readUInt32LE(0);
        return sig === 0x04034b50 || sig === 0x06054b50;
    }
    finally {
        await handle.close();
    }
}
/**
 * Splits an entry name into path segments, or throws: no absolute path, no drive letter, no `..`,
 * no empty name, no unsafe character. `.` and empty segments are dropped.
 */
function entrySegments(name) {
    const slashed = name.replace(/\\/g, '/');
    if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed))
        throw new ArchiveError(`entry '${printable(name)}' is an absolute path`);
    const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
    if (segments.includes('..'))
        throw new ArchiveError(`entry '${printable(name)}' climbs out with '..'`);
    if (segments.length === 0)
        throw new ArchiveError(`entry '${printable(name)}' has no name`);
    if (segments.some((s) => UNSAFE_CHARS.test(s)))
        throw new ArchiveError(`entry '${printable(name)}' has a character that is not allowed`);
    return segments;
}
function printable(name) {
    return name.replace(/\p{Cc}/gu, '?').slice(0, 200);
}
/** Checks one central-directory entry: its kind (file or directory), its mode and its path. */
function planEntry(entry) {
    const name = entry.fileName;
    const segments = entrySegments(name);
    if (entry.isEncrypted())
        throw new ArchiveError(`entry '${printable(name)}' is encrypted`);
    const unix = entry.versionMadeBy >> 8 === 3 ? entry.externalFileAttributes >>> 16 : 0;
    const type = unix & S_IFMT;
    const dos = entry.externalFileAttributes & 0xffff;
    if (type === S_IFLNK || dos & DOS_REPARSE_POINT)
        throw new ArchiveError(`entry '${printable(name)}' is a symbolic link`);
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR)
        throw new ArchiveError(`entry '${printable(name)}' is not a file or a directory`);
    const directory = name.endsWith('/') || type === S_IFDIR || (dos & DOS_DIRECTORY) !== 0;
    if (directory && entry.uncompressedSize > 0)
        throw new ArchiveError(`directory entry '${printable(name)}' has data`);
    return { entry, segments, directory, mode: unix & 0o111 ? 0o755 : 0o644 };
}
/** Every entry checked, and the archive as a whole: no duplicates, no file used as a directory. */
function planEntries(entries) {
    const planned = entries.map(planEntry);
    const files = new Set();
    const dirs = new Set();
    for (const p of planned) {
        for (let i = 1; i < p.segments.length; i++)
            dirs.add(p.segments.slice(0, i).join('/'));
        const key = p.segments.join('/');
        if (p.directory) {
            dirs.add(key);
            continue;
        }
        if (files.has(key))
            throw new ArchiveError(`entry '${printable(key)}' appears twice`);
        files.add(key);
    }
    for (const key of files) {
        if (dirs.has(key))
            throw new ArchiveError(`entry '${printable(key)}' is both a file and a directory`);
    }
    return planned;
}
function openZip(path) {
    return new Promise((resolve, reject) => {
        yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (error, zip) => (error || !zip ? reject(zipError(error)) : resolve(zip)));
    });
}
function zipError(error) {
    return error instanceof ArchiveError
        ? error
        : new ArchiveError(`not a valid zip: ${error instanceof Error ? error.message : String(error)}`);
}
function readEntries(zip) {
    return new Promise((resolve, reject) => {
        const entries = [];
        zip.on('entry', (entry) => {
            entries.push(entry);
            zip.readEntry();
        });
        zip.once('end', () => resolve(entries));
        zip.once('error', (error) => reject(zipError(error)));
        zip.readEntry();
    });
}
function openEntry(zip, entry) {
    return new Promise((resolve, reject) => {
        zip.openReadStream(entry, (error, stream) => error || !stream ? reject(zipError(error)) : resolve(stream));
    });
}
/** Passes an entry's bytes through, refusing more than declared and a wrong CRC-32. */
function verifyEntry(entry, shown) {
    return async function* (source) {
        let bytes = 0;
        let crc = 0;
        for await (const chunk of source) {
            bytes += chunk.length;
            if (bytes > entry.uncompressedSize)
                throw new ArchiveError(`entry '${shown}' inflates past its declared size`);
            crc = external_node_zlib_.crc32(chunk, crc);
            yield chunk;
        }
        if (bytes !== entry.uncompressedSize)
            throw new ArchiveError(`entry '${shown}' is shorter than its declared size`);
        if (crc >>> 0 !== entry.crc32 >>> 0)
            throw new ArchiveError(`entry '${shown}' fails its CRC-32 check`);
    };
}
async function checkFreeSpace(dir, needed) {
    const stats = await (0,promises_.statfs)(dir);
    const available = stats.bavail * stats.bsize;
    if (needed > available) {
        throw new ArchiveError(`the archive declares ${(0,units/* formatBytes */.z3)(needed)} of files; only ${(0,units/* formatBytes */.z3)(available)} are free`);
    }
}
/**
 * Extracts the zip at `zipPath` into `root/prefix…`. Checks the whole directory first, then
 * writes each file (O_EXCL, never through a symlink); a file cut short is removed.
 */
async function extractZip(zipPath, root, prefix) {
    const zip = await openZip(zipPath);
    // What this extraction made, to take back if it fails half-way (a lie found mid-stream).
    const made = { files: [], dirs: [] };
    try {
        const planned = planEntries(await readEntries(zip));
        const bytes = planned.reduce((sum, p) => sum + p.entry.uncompressedSize, 0);
        await checkFreeSpace(root, bytes);
        await ensureDirectory(root, prefix, made.dirs);
        for (const p of planned) {
            const segments = [...prefix, ...p.segments];
            if (p.directory)
                await ensureDirectory(root, segments, made.dirs);
            else
                await writeEntry(zip, p, root, segments, made);
        }
        return { files: made.files.length, bytes };
    }
    catch (error) {
        await undo(made);
        throw error instanceof UnsafePathError ? new ArchiveError(error.message) : error;
    }
    finally {
        zip.close();
    }
}
async function undo(made) {
    for (const file of made.files)
        await (0,promises_.unlink)(file).catch(() => undefined);
    // Deepest first; a directory another artifact of a merge wrote into stays (not empty).
    for (const dir of [...made.dirs].reverse())
        await (0,promises_.rmdir)(dir).catch(() => undefined);
}
async function writeEntry(zip, p, root, segments, made) {
    const { path, stream } = await createFileStream(root, segments, p.mode, made.dirs);
    made.files.push(path);
    try {
        const source = await openEntry(zip, p.entry);
        await (0,external_node_stream_promises_.pipeline)(source, verifyEntry(p.entry, printable(p.segments.join('/'))), stream);
    }
    catch (error) {
        stream.destroy();
        await (0,promises_.unlink)(path).catch(() => undefined);
        throw zipError(error);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/github/proxy.ts
var proxy = __webpack_require__(8231);
;// CONCATENATED MODULE: ./src/download/fetch-blob.ts
/**
 * Fetches a signed blob URL to a file while hashing it. The request carries no credentials (no
 * Authorization header, even when the blob is on the API's host) and follows no redirect; the
 * body is streamed to disk (flat memory) through SHA-256. The URL never appears in a message.
 */





/** A transfer that failed; `retryable` when a fresh URL may well succeed. */
class BlobFetchError extends Error {
    retryable;
    constructor(message, retryable) {
        super(message);
        this.retryable = retryable;
        this.name = 'BlobFetchError';
    }
}
/** Downloads `url` into a new file `file` (created with O_EXCL, mode 0600). */
async function fetchBlob(url, file, onBytes = () => { }) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        throw new BlobFetchError(`the signed URL has an unsupported scheme ${parsed.protocol}`, false);
    let response;
    try {
        response = await (0,proxy/* proxyAwareFetch */.Fm)(url, {
            redirect: 'error',
            credentials: 'omit',
            headers: { 'user-agent': 'artifact-keeper', accept: 'application/zip, */*' }
        });
    }
    catch (error) {
        throw new BlobFetchError(`the blob host could not be reached (${causeOf(error)})`, true);
    }
    if (!response.ok || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        throw statusError(response.status);
    }
    const expected = Number(response.headers.get('content-length') ?? NaN);
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let bytes = 0;
    const handle = await (0,promises_.open)(file, 'wx', 0o600);
    try {
        await (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.fromWeb(response.body), async function* (source) {
            for await (const chunk of source) {
                hash.update(chunk);
                bytes += chunk.length;
                onBytes(chunk.length);
                yield chunk;
            }
        }, handle.createWriteStream());
    }
    catch (error) {
        throw new BlobFetchError(`the transfer broke off after ${bytes} bytes (${causeOf(error)})`, true);
    }
    if (Number.isFinite(expected) && bytes !== expected)
        throw new BlobFetchError(`the transfer ended after ${bytes} of ${expected} bytes`, true);
    return { bytes, sha256: hash.digest('hex') };
}
function statusError(status) {
    // 403: the signature expired or was refused (Azure's AuthenticationFailed); a fresh URL fixes it.
    if (status === 403)
        return new BlobFetchError('the blob host refused the signed URL (403)', true);
    if (status === 408 || status === 429 || status >= 500)
        return new BlobFetchError(`the blob host answered ${status}`, true);
    return new BlobFetchError(`the blob host answered ${status}`, false);
}
/** The underlying reason (undici puts it in `cause`), without any URL. */
function causeOf(error) {
    const cause = error?.cause ?? error;
    const code = cause?.code;
    const message = cause instanceof Error ? cause.message : String(cause);
    return (typeof code === 'string' ? `${code}: ` : '') + message.replace(/https?:\/\/\S+/g, '<url>');
}

;// CONCATENATED MODULE: ./src/download/layout.ts

/** Characters upload-artifact refuses in a name, plus the path separators that matter here. */
const UNSAFE_NAME = /[/\\:*?"<>|\p{Cc}]/u;
/**
 * Whether an artifact name can be used as one file or directory name: not empty, not `.` or `..`,
 * no path separator (`/`, `\`), no drive colon, no control character, none of the characters
 * upload-artifact itself refuses. Names come from whoever ran the workflow: they are untrusted.
 */
function isPlainFileName(name) {
    return (name.length > 0 &&
        name.length <= 255 &&
        name !== '.' &&
        name !== '..' &&
        !UNSAFE_NAME.test(name));
}
/**
 * The spec's layout: `root/<name>/` per artifact; `root` itself with merge-multiple, or when one
 * exact name was asked for and one artifact matched; `root/<name>-<id>/` for each of several
 * artifacts of one name. Names must have passed isPlainFileName.
 */
function planLayout(artifacts, root, options) {
    const perName = new Map();
    for (const a of artifacts)
        perName.set(a.name, (perName.get(a.name) ?? 0) + 1);
    const intoRoot = options.mergeMultiple || (options.singleExactName && artifacts.length === 1);
    const plan = new Map();
    for (const a of artifacts) {
        const base = (perName.get(a.name) ?? 0) > 1 ? `${a.name}-${a.id}` : a.name;
        plan.set(a.id, { dir: intoRoot ? root : (0,external_node_path_.join)(root, base), base });
    }
    return plan;
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/github/errors.ts
var github_errors = __webpack_require__(3116);
// EXTERNAL MODULE: ./src/operations/result.ts
var result = __webpack_require__(4649);
// EXTERNAL MODULE: ./src/progress.ts
var progress = __webpack_require__(9898);
;// CONCATENATED MODULE: ./src/operations/download.ts













/** Attempts per artifact: each asks the API for a fresh signed URL. */
const MAX_ATTEMPTS = 5;
/** Artifacts transferred at once at most (fewer when `concurrency` is lower). */
const DOWNLOADS_IN_FLIGHT = 4;
/**
 * Downloads the selected artifacts, newest first, a few at a time: fresh signed URL, streamed to a
 * temporary file beside the destination while hashing, digest checked, then extracted (or kept).
 * One artifact's failure does not stop the others.
 */
async function downloadOperation(deps, selection, settings) {
    const { api, log, clock } = deps;
    const options = {
        ...settings.download,
        concurrency: settings.concurrency,
        backoffMs: deps.backoffMs,
        mask: deps.mask
    };
    await (0,promises_.mkdir)(options.path, { recursive: true });
    const root = await (0,promises_.realpath)(options.path);
    // Same file system as the destination: a kept zip or a raw body is moved, not copied.
    const temp = await (0,promises_.mkdtemp)((0,external_node_path_.join)(root, '.artifact-keeper-'));
    try {
        const run = new DownloadRun(api, options, root, temp, log, clock, selection.selected);
        const limit = (0,p_limit/* default */.A)(Math.max(1, Math.min(options.concurrency, DOWNLOADS_IN_FLIGHT)));
        const done = await Promise.all(selection.selected.map((a) => limit(() => (run.stopReason ? notReachedResult(a) : run.downloadOne(a)))));
        const later = (0,result/* notReached */.eo)(selection.notReached);
        return { results: [...done, ...later], downloadPath: root, stopReason: run.stopReason };
    }
    finally {
        await (0,promises_.rm)(temp, { recursive: true, force: true });
    }
}
function notReachedResult(artifact) {
    return (0,result/* notReached */.eo)([artifact])[0];
}
class DownloadRun {
    api;
    options;
    root;
    temp;
    log;
    clock;
    /** Set when the rate-limit reserve stopped new work. */
    stopReason;
    /** Whether the notice about artifacts without a digest was given. */
    noDigestSaid = false;
    plan;
    progress;
    constructor(api, options, root, temp, log, clock, artifacts) {
        this.api = api;
        this.options = options;
        this.root = root;
        this.temp = temp;
        this.log = log;
        this.clock = clock;
        this.plan = planLayout(artifacts.filter((a) => isPlainFileName(a.name)), root, options);
        const totalBytes = artifacts.reduce((sum, a) => sum + a.sizeInBytes, 0);
        // A progress line at least every 10 s while bytes flow: artifacts done, bytes, rate, ETA.
        this.progress = new progress/* Progress */.k('Downloaded', artifacts.length, log, clock, 10_000, totalBytes);
    }
    async downloadOne(artifact) {
        const placement = this.plan.get(artifact.id);
        if (!placement) {
            const error = 'its name is not a plain file name (no /, \\, .., : or control characters); refused';
            this.log.warning(`Not downloading ${(0,src_artifact/* describeArtifact */.Qw)(artifact)}: ${error}`);
            return { artifact, outcome: 'failed', error };
        }
        let fetched;
        try {
            fetched = await this.fetchWithRetries(artifact);
            if (fetched === 'expired') {
                this.log.warning(`${(0,src_artifact/* describeArtifact */.Qw)(artifact)} has expired (410): it can no longer be downloaded`);
                return { artifact, outcome: 'expired' };
            }
            if (fetched === 'gone')
                throw new Error('the artifact no longer exists (404)');
            this.checkDigest(artifact, fetched.sha256);
            const path = await this.place(artifact, placement, fetched.file);
            this.log.info(`Downloaded ${(0,src_artifact/* describeArtifact */.Qw)(artifact)} to ${path}`);
            return { artifact, outcome: 'downloaded', path };
        }
        catch (error) {
            if (error instanceof github_errors/* ReserveReachedError */.Lg) {
                // The rate-limit reserve: stop starting work; this one and the rest wait for the next run.
                this.stopReason ??= error.message;
                return notReachedResult(artifact);
            }
            this.log.warning(`Could not download ${(0,src_artifact/* describeArtifact */.Qw)(artifact)}: ${(0,errors/* errorMessage */.gJ)(error)}`);
            return { artifact, outcome: 'failed', error: (0,errors/* errorMessage */.gJ)(error) };
        }
        finally {
            if (typeof fetched === 'object')
                await (0,promises_.rm)(fetched.file, { force: true });
            this.progress.finished();
        }
    }
    /** Fresh URL, fetch; on a dropped transfer or a refused URL, a fresh URL again, with backoff. */
    async fetchWithRetries(artifact) {
        for (let attempt = 1;; attempt++) {
            const link = await this.api.getDownloadUrl(artifact.id);
            if (link.kind !== 'url')
                return link.kind;
            this.options.mask(link.url);
            const file = (0,external_node_path_.join)(this.temp, `${artifact.id}.${attempt}`);
            let received = 0;
            try {
                const blob = await fetchBlob(link.url, file, (n) => {
                    received += n;
                    this.progress.add(n);
                });
                return { file, ...blob };
            }
            catch (error) {
                await (0,promises_.rm)(file, { force: true });
                this.progress.add(-received);
                if (!(error instanceof BlobFetchError) || !error.retryable || attempt >= MAX_ATTEMPTS)
                    throw error;
                const wait = this.options.backoffMs(attempt - 1);
                this.log.info(`${(0,src_artifact/* describeArtifact */.Qw)(artifact)}: ${error.message}; asking for a fresh URL, attempt ${attempt + 1} of ${MAX_ATTEMPTS} in ${wait} ms`);
                await this.clock.sleep(wait);
            }
        }
    }
    /** Compares the SHA-256 with the API's `digest` and applies `digest-mismatch`. */
    checkDigest(artifact, sha256) {
        const expected = /^sha256:([0-9a-f]{64})$/i.exec(artifact.digest ?? '')?.[1]?.toLowerCase();
        if (!expected) {
            // Said once, as a notice: GHES and older artifacts (upload-artifact < v4) have no digest.
            if (!this.noDigestSaid) {
                this.noDigestSaid = true;
                const say = this.log.notice?.bind(this.log) ?? this.log.info.bind(this.log);
                say(`${(0,src_artifact/* describeArtifact */.Qw)(artifact)} has no SHA-256 digest (GitHub Enterprise Server, or upload-artifact < v4): ` +
                    'its integrity, and that of any other artifact without one, rests on TLS alone.');
            }
            return;
        }
        if (expected === sha256)
            return;
        const message = `its SHA-256 is ${sha256}, but the API's digest is sha256:${expected}`;
        if (this.options.digestMismatch === 'error') {
            throw new Error(`${message}. Nothing of it was written. If you trust the source, set 'digest-mismatch: warn' to keep it anyway.`);
        }
        if (this.options.digestMismatch === 'warn')
            this.log.warning(`${(0,src_artifact/* describeArtifact */.Qw)(artifact)}: ${message}; kept because digest-mismatch is 'warn'`);
        else
            this.log.debug(`${(0,src_artifact/* describeArtifact */.Qw)(artifact)}: ${message}; digest-mismatch is 'ignore'`);
    }
    /** Extracts a zip, keeps it (`extract: false`), or saves a body that is not a zip as it is. */
    async place(artifact, placement, file) {
        const dirSegments = (0,external_node_path_.relative)(this.root, placement.dir).split(external_node_path_.sep).filter(Boolean);
        const zip = await looksLikeZip(file);
        if (zip && this.options.extract) {
            const { files, bytes } = await extractZip(file, this.root, dirSegments);
            this.log.debug(`${artifact.name}: ${files} files, ${(0,units/* formatBytes */.z3)(bytes)} extracted`);
            return placement.dir;
        }
        if (zip)
            return placeFile(this.root, [`${placement.base}.zip`], file);
        this.log.info(`${(0,src_artifact/* describeArtifact */.Qw)(artifact)} is not a zip: saved as it is`);
        const target = this.options.extract ? [...dirSegments, artifact.name] : [placement.base];
        return placeFile(this.root, target, file);
    }
}


/***/ })

};
