export const id = 463;
export const ids = [463];
export const modules = {

/***/ 7463:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  downloadOperation: () => (/* binding */ downloadOperation)
});

// UNUSED EXPORTS: DOWNLOADS_IN_FLIGHT, MAX_ATTEMPTS, bodyLimit

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
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
// EXTERNAL MODULE: ./src/download/names.ts
var names = __webpack_require__(588);
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
    const path = join(dir, segments[segments.length - 1]);
    await clearFileSlot(path, segments.join('/'));
    await rename(from, path);
    return path;
}
/**
 * Creates a new file at `root/segments…` (parents created safely) and returns its handle; O_EXCL
 * and O_NOFOLLOW: never an existing file, never through a symlink.
 */
async function openNewFile(root, segments, mode, created = []) {
    const dir = await ensureDirectory(root, segments.slice(0, -1), created);
    const path = (0,external_node_path_.join)(dir, segments[segments.length - 1]);
    const flags = external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | (external_node_fs_.constants.O_NOFOLLOW ?? 0);
    return { path, handle: await (0,promises_.open)(path, flags, mode) };
}

;// CONCATENATED MODULE: ./src/download/extract.ts
/**
 * Safe extraction of a zip with yauzl, into a private staging directory: the central directory is
 * read and every entry checked before the first byte is written. Refused: absolute paths, drive
 * letters, `..`, a `.git` segment in any spelling, characters upload-artifact never writes,
 * symbolic links and other special entries, duplicates, encrypted entries, a file that is also a
 * directory, entries that share bytes (overlapping entries: a zip bomb), more bytes than the
 * directory declares, a CRC that does not match. Local headers are used only to find where an
 * entry's data starts, never for names or sizes.
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
        throw new ArchiveError(`entry '${(0,names/* printable */.g$)(name)}' is an absolute path`);
    const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
    if (segments.includes('..'))
        throw new ArchiveError(`entry '${(0,names/* printable */.g$)(name)}' climbs out with '..'`);
    if (segments.length === 0)
        throw new ArchiveError(`entry '${(0,names/* printable */.g$)(name)}' has no name`);
    if (segments.some((s) => UNSAFE_CHARS.test(s)))
        throw new ArchiveError(`entry '${(0,names/* printable */.g$)(name)}' has a character that is not allowed`);
    if (segments.some(names/* isGitSegment */.kJ))
        throw new ArchiveError(`entry '${(0,names/* printable */.g$)(name)}' has a .git path segment (a git repository's config runs code)`);
    return segments;
}
/** Checks one central-directory entry: its kind (file or directory), its mode and its path. */
function planEntry(entry) {
    const name = entry.fileName;
    const segments = entrySegments(name);
    if (entry.isEncrypted())
        throw new ArchiveError(`entry '${(0,names/* printable */.g$)(name)}' is encrypted`);
    const unix = entry.versionMadeBy >> 8 === 3 ? entry.externalFileAttributes >>> 16 : 0;
    const type = unix & S_IFMT;
    const dos = entry.externalFileAttributes & 0xffff;
    if (type === S_IFLNK || dos & DOS_REPARSE_POINT)
        throw new ArchiveError(`entry '${(0,names/* printable */.g$)(name)}' is a symbolic link`);
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR)
        throw new ArchiveError(`entry '${(0,names/* printable */.g$)(name)}' is not a file or a directory`);
    const directory = name.endsWith('/') || type === S_IFDIR || (dos & DOS_DIRECTORY) !== 0;
    if (directory && entry.uncompressedSize > 0)
        throw new ArchiveError(`directory entry '${(0,names/* printable */.g$)(name)}' has data`);
    return { entry, segments, directory, mode: unix & 0o111 ? 0o755 : 0o644 };
}
/**
 * Every entry checked, and the archive as a whole: no duplicates, no file used as a directory, no
 * two entries sharing bytes (each entry's local header and data end before the next entry starts
 * and before the central directory at `directoryOffset`). Returned in the order of their data.
 */
function planEntries(entries, directoryOffset) {
    const planned = entries
        .map(planEntry)
        .sort((a, b) => a.entry.relativeOffsetOfLocalHeader - b.entry.relativeOffsetOfLocalHeader);
    for (let i = 0; i < planned.length; i++) {
        const { entry } = planned[i];
        const next = planned[i + 1]?.entry.relativeOffsetOfLocalHeader ?? directoryOffset;
        // A local header is 30 bytes at least, its data follows: anything less means shared bytes.
        if (next !== undefined && entry.relativeOffsetOfLocalHeader + 30 + entry.compressedSize > next)
            throw new ArchiveError(`entry '${(0,names/* printable */.g$)(entry.fileName)}' overlaps the next one (entries that share bytes are a zip bomb)`);
    }
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
            throw new ArchiveError(`entry '${(0,names/* printable */.g$)(key)}' appears twice`);
        files.add(key);
    }
    for (const key of files) {
        if (dirs.has(key))
            throw new ArchiveError(`entry '${(0,names/* printable */.g$)(key)}' is both a file and a directory`);
    }
    return planned;
}
/** Where the central directory starts (yauzl's cursor before the first entry is read). */
function directoryOffsetOf(zip) {
    const cursor = zip.readEntryCursor;
    return typeof cursor === 'number' ? cursor : undefined;
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
/**
 * Opens an entry's data, refusing one whose data runs into the next entry (`end`): entries that
 * share bytes are a zip bomb.
 */
async function openEntry(zip, entry, end) {
    const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
    if (end !== undefined && fileDataStart + entry.compressedSize > end)
        throw new ArchiveError(`entry '${(0,names/* printable */.g$)(entry.fileName)}' overlaps the next one (entries that share bytes are a zip bomb)`);
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
        throw new ArchiveError(`entry '${(0,names/* printable */.g$)(entry.fileName)}' uses compression method ${entry.compressionMethod}, which is not supported`);
    return new Promise((resolve, reject) => {
        zip.openReadStreamLowLevel(fileDataStart, entry.compressedSize, 0, entry.compressedSize, entry.compressionMethod === 8, entry.uncompressedSize, (error, stream) => (error || !stream ? reject(zipError(error)) : resolve(stream)));
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
 * Extracts the zip at `zipPath` into `root/prefix…` (a staging directory). Checks the whole
 * directory first, then `reserve`s the bytes it declares (free space), then writes each file
 * (O_EXCL, never through a symlink); what it made is taken back when it fails half-way.
 */
async function extractZip(zipPath, root, prefix, reserve = (bytes) => checkFreeSpace(root, bytes)) {
    const zip = await openZip(zipPath);
    // What this extraction made, to take back if it fails half-way (a lie found mid-stream).
    const made = { files: [], dirs: [] };
    try {
        const directoryOffset = directoryOffsetOf(zip);
        const planned = planEntries(await readEntries(zip), directoryOffset);
        const bytes = planned.reduce((sum, p) => sum + p.entry.uncompressedSize, 0);
        await reserve(bytes);
        await ensureDirectory(root, prefix, made.dirs);
        for (let i = 0; i < planned.length; i++) {
            const p = planned[i];
            const end = planned[i + 1]?.entry.relativeOffsetOfLocalHeader ?? directoryOffset;
            const segments = [...prefix, ...p.segments];
            if (p.directory)
                await ensureDirectory(root, segments, made.dirs);
            else
                await writeEntry(zip, p, root, segments, made, end);
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
async function writeEntry(zip, p, root, segments, made, end) {
    const { path, stream } = await createFileStream(root, segments, p.mode, made.dirs);
    made.files.push(path);
    try {
        const source = await openEntry(zip, p.entry, end);
        await (0,external_node_stream_promises_.pipeline)(source, verifyEntry(p.entry, (0,names/* printable */.g$)(p.segments.join('/'))), stream);
    }
    catch (error) {
        stream.destroy();
        await (0,promises_.unlink)(path).catch(() => undefined);
        throw zipError(error);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: ./src/github/proxy.ts
var proxy = __webpack_require__(8231);
;// CONCATENATED MODULE: ./src/download/fetch-blob.ts
/**
 * Fetches signed blob URLs. A request carries no credentials (no Authorization header, even when
 * the blob is on the API's host) and follows no redirect. Every wait is bounded: the response
 * headers (`headersTimeoutMs`), each wait for a byte (`stallMs`), and the rate while waiting (a
 * trickle of fewer than `minBytesPerWindow` bytes in `stallMs` of waiting is abandoned). The body
 * is hashed (SHA-256) as it is read, and never saved past the size the API declared. The URL never
 * appears in a message.
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
/**
 * Sends one GET to the signed URL (optionally with a `Range`), and waits at most
 * `headersTimeoutMs` for the headers. Statuses other than 200 and 206 become BlobFetchError.
 */
function requestBlob(url, tuning, range) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        throw new BlobFetchError(`the signed URL has an unsupported scheme ${parsed.protocol}`, false);
    const get = parsed.protocol === 'https:' ? external_node_https_.get : external_node_http_.get;
    return new Promise((resolve, reject) => {
        const headers = {
            'user-agent': 'artifact-keeper',
            accept: 'application/zip, */*'
        };
        if (range)
            headers.range = range;
        // HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as the toolkit reads them (src/github/proxy.ts).
        const agent = (0,proxy/* proxyAgent */.QT)(parsed);
        const request = get(parsed, { headers, ...(agent ? { agent } : {}) });
        const timer = setTimeout(() => {
            request.destroy(new BlobFetchError(`the blob host sent no answer within ${tuning.headersTimeoutMs} ms`, true));
        }, tuning.headersTimeoutMs);
        request.once('error', (error) => {
            clearTimeout(timer);
            reject(error instanceof BlobFetchError
                ? error
                : new BlobFetchError(`the blob host could not be reached (${causeOf(error)})`, true));
        });
        request.once('response', (message) => {
            clearTimeout(timer);
            const status = message.statusCode ?? 0;
            if (status !== 200 && status !== 206) {
                message.resume();
                message.destroy();
                reject(statusError(status));
                return;
            }
            const length = Number(message.headers['content-length'] ?? NaN);
            const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(message.headers['content-range']));
            resolve({
                status,
                message,
                length: Number.isSafeInteger(length) ? length : undefined,
                total: range ? Number(range[3]) : Number.isSafeInteger(length) ? length : undefined,
                rangeStart: range ? Number(range[1]) : undefined
            });
        });
    });
}
/**
 * Reads a response body chunk by chunk, hashing every byte, counting them, and bounding each
 * wait: no byte for `stallMs` → stalled; fewer than `minBytesPerWindow` in `stallMs` of waiting →
 * crawling. Either way the body is destroyed and a retryable BlobFetchError is thrown.
 */
class BodyReader {
    message;
    tuning;
    onBytes;
    /** Bytes read from the body so far. */
    bytes = 0;
    hash = (0,external_node_crypto_.createHash)('sha256');
    iterator;
    leftover;
    waitedMs = 0;
    windowBytes = 0;
    waiting = false;
    failure;
    timer;
    constructor(message, tuning, onBytes = () => { }) {
        this.message = message;
        this.tuning = tuning;
        this.onBytes = onBytes;
        this.iterator = message[Symbol.asyncIterator]();
        this.timer = setTimeout(() => this.onTimer(), tuning.stallMs);
        this.timer.unref();
    }
    onTimer() {
        if (!this.waiting) {
            this.timer.refresh();
            return;
        }
        this.failure = new BlobFetchError(`the transfer stalled: no byte for ${this.tuning.stallMs} ms after ${this.bytes} bytes`, true);
        this.message.destroy(this.failure);
    }
    /** The SHA-256 of every byte read so far (call once, at the end). */
    sha256() {
        return this.hash.digest('hex');
    }
    /** Stops reading: the connection is dropped. */
    close() {
        clearTimeout(this.timer);
        if (!this.message.complete || !this.message.readableEnded)
            this.message.destroy();
    }
    /** The next chunk of the body, or undefined at its end. */
    async next() {
        if (this.leftover) {
            const chunk = this.leftover;
            this.leftover = undefined;
            return chunk;
        }
        return this.pull();
    }
    /** Gives back the unused tail of a chunk: the next `next()` returns it. */
    unshift(chunk) {
        if (chunk.length > 0)
            this.leftover = chunk;
    }
    async pull() {
        const started = performance.now();
        this.waiting = true;
        this.timer.refresh();
        let result;
        try {
            result = await this.iterator.next();
        }
        catch (error) {
            throw (this.failure ??
                new BlobFetchError(`the transfer broke off after ${this.bytes} bytes (${causeOf(error)})`, true));
        }
        finally {
            this.waiting = false;
        }
        if (result.done) {
            clearTimeout(this.timer);
            return undefined;
        }
        const chunk = result.value;
        this.hash.update(chunk);
        this.bytes += chunk.length;
        this.onBytes(chunk.length);
        this.waitedMs += performance.now() - started;
        this.windowBytes += chunk.length;
        if (this.waitedMs >= this.tuning.stallMs) {
            if (this.windowBytes < this.tuning.minBytesPerWindow) {
                this.failure = new BlobFetchError(`the transfer crawled: ${this.windowBytes} bytes in ${Math.round(this.waitedMs)} ms of waiting`, true);
                this.message.destroy(this.failure);
                throw this.failure;
            }
            this.waitedMs = 0;
            this.windowBytes = 0;
        }
        return chunk;
    }
    /** Exactly `n` bytes, or an error when the body ends first. */
    async exact(n) {
        const parts = [];
        let have = 0;
        while (have < n) {
            const chunk = await this.next();
            if (!chunk)
                throw new BlobFetchError(`the transfer ended early, after ${this.bytes} bytes`, true);
            const use = Math.min(chunk.length, n - have);
            parts.push(use === chunk.length ? chunk : chunk.subarray(0, use));
            if (use < chunk.length)
                this.unshift(chunk.subarray(use));
            have += use;
        }
        return parts.length === 1 ? parts[0] : Buffer.concat(parts, n);
    }
    /** The next `n` bytes, chunk by chunk. */
    async *take(n) {
        let left = n;
        while (left > 0) {
            const chunk = await this.next();
            if (!chunk)
                throw new BlobFetchError(`the transfer ended early, after ${this.bytes} bytes`, true);
            if (chunk.length > left) {
                this.unshift(chunk.subarray(left));
                yield chunk.subarray(0, left);
                return;
            }
            left -= chunk.length;
            yield chunk;
        }
    }
}
/** Batches chunks into large vectored writes, one in flight while the next batch fills. */
class BatchWriter {
    handle;
    batchBytes;
    pending = [];
    size = 0;
    inFlight;
    position = 0;
    constructor(handle, batchBytes = 1024 * 1024) {
        this.handle = handle;
        this.batchBytes = batchBytes;
    }
    async write(chunk) {
        this.pending.push(chunk);
        this.size += chunk.length;
        if (this.size >= this.batchBytes)
            await this.flush();
    }
    async flush() {
        if (this.inFlight)
            await this.inFlight;
        if (this.size === 0)
            return;
        const batch = this.pending;
        const at = this.position;
        this.position += this.size;
        this.pending = [];
        this.size = 0;
        this.inFlight = writeAll(this.handle, batch, at);
    }
    /** Writes what is left and closes the file. */
    async close() {
        try {
            await this.flush();
            await this.inFlight;
        }
        finally {
            await this.handle.close();
        }
    }
    /** Closes the file without writing what is left. */
    async abort() {
        await this.inFlight?.catch(() => undefined);
        await this.handle.close().catch(() => undefined);
    }
}
async function writeAll(handle, buffers, position) {
    let list = buffers;
    let at = position;
    while (list.length > 0) {
        const { bytesWritten } = await handle.writev(list, at);
        at += bytesWritten;
        let skip = bytesWritten;
        const rest = [];
        for (const b of list) {
            if (skip >= b.length) {
                skip -= b.length;
                continue;
            }
            rest.push(skip > 0 ? b.subarray(skip) : b);
            skip = 0;
        }
        list = rest;
    }
}
/**
 * A body larger than the artifact the API described: the blob host is sending more than it should
 * (an endless or padded body). Refused before the extra bytes reach the disk.
 */
function tooLarge(maxBytes) {
    return new BlobFetchError(`the blob host sent more than the ${maxBytes} bytes the API declared for this artifact; refused`, false);
}
/**
 * Writes the rest of a body into a new file `file` (O_EXCL, mode 0600), hashing it; at most
 * `maxBytes` bytes (the size the API declared), else the transfer is dropped.
 */
async function saveBody(reader, file, maxBytes = Number.POSITIVE_INFINITY) {
    const writer = new BatchWriter(await (0,promises_.open)(file, 'wx', 0o600));
    try {
        for (let chunk = await reader.next(); chunk; chunk = await reader.next()) {
            if (reader.bytes > maxBytes)
                throw tooLarge(maxBytes);
            await writer.write(chunk);
        }
        await writer.close();
    }
    catch (error) {
        await writer.abort();
        throw error;
    }
    finally {
        reader.close();
    }
    return { bytes: reader.bytes, sha256: reader.sha256() };
}
/** Downloads `url` into a new file `file`. */
async function fetchBlob(url, file, tuning, onBytes = () => { }, maxBytes = Number.POSITIVE_INFINITY) {
    const response = await requestBlob(url, tuning);
    checkAnnounced(response, maxBytes);
    const reader = new BodyReader(response.message, tuning, onBytes);
    const blob = await saveBody(reader, file, maxBytes);
    checkLength(response, blob.bytes);
    return blob;
}
/** A content-length above `maxBytes` is refused before a byte of the body is read. */
function checkAnnounced(response, maxBytes) {
    if (response.length !== undefined && response.length > maxBytes) {
        response.message.destroy();
        throw tooLarge(maxBytes);
    }
}
/** A body shorter or longer than its content-length is a broken transfer. */
function checkLength(response, bytes) {
    if (response.length !== undefined && bytes !== response.length)
        throw new BlobFetchError(`the transfer ended after ${bytes} of ${response.length} bytes`, true);
}
function statusError(status) {
    // 403: the signature expired or was refused (Azure's AuthenticationFailed); a fresh URL fixes it.
    if (status === 403)
        return new BlobFetchError('the blob host refused the signed URL (403)', true);
    if (status >= 300 && status < 400)
        return new BlobFetchError(`the blob host answered a redirect (${status}); not followed`, false);
    if (status === 408 || status === 429 || status >= 500)
        return new BlobFetchError(`the blob host answered ${status}`, true);
    return new BlobFetchError(`the blob host answered ${status}`, false);
}
/** The underlying reason, without any URL. */
function causeOf(error) {
    const cause = error?.cause ?? error;
    const code = cause?.code;
    const message = cause instanceof Error ? cause.message : String(cause);
    return (typeof code === 'string' ? `${code}: ` : '') + message.replace(/https?:\/\/\S+/g, '<url>');
}

// EXTERNAL MODULE: ./src/download/layout.ts
var layout = __webpack_require__(3492);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/settings.ts
var settings = __webpack_require__(8750);
;// CONCATENATED MODULE: ./src/download/destination.ts
/**
 * The download destination as the file system resolves it. A checkout is attacker-shaped: whoever
 * pushed the branch chooses its symbolic links, so `path: out` may lead anywhere once `out` is a
 * link (`out -> .git`, `out -> ../../.ssh`). Before anything is created there, the destination is
 * resolved through the links that exist: it must not lead into a `.git` folder (its config is code
 * that git runs), and a destination inside the workspace must stay inside it.
 */





/** `path` with its longest existing ancestor resolved through symbolic links. */
async function resolveExisting(path) {
    const rest = [];
    let at = path;
    for (;;) {
        try {
            return (0,external_node_path_.join)(await (0,promises_.realpath)(at), ...rest.reverse());
        }
        catch (error) {
            const code = error.code;
            if ((code !== 'ENOENT' && code !== 'ENOTDIR') || (0,external_node_path_.dirname)(at) === at)
                throw error;
            rest.push((0,external_node_path_.basename)(at));
            at = (0,external_node_path_.dirname)(at);
        }
    }
}
function inside(child, parent) {
    const rel = (0,external_node_path_.relative)(parent, child);
    return rel === '' || (!rel.startsWith('..') && !(0,external_node_path_.isAbsolute)(rel));
}
/**
 * Throws an InputError for `path` (absolute, the `path` input resolved against the workspace)
 * when it leads into a `.git` folder, or, being inside `workspace`, leads out of it through a
 * symbolic link. Returns the resolved destination.
 */
async function checkDestination(path, workspace) {
    const real = await resolveExisting(path);
    if (real.split(external_node_path_.sep).some((segment) => segment !== '' && (0,names/* isGitSegment */.kJ)(segment)))
        throw new errors/* InputError */.dz(settings/* Inputs */.G0.Path, path, `a folder outside any .git folder (it resolves to '${real}': a repository's .git/config is code that git runs)`);
    if (workspace && inside(path, workspace)) {
        const realWorkspace = await resolveExisting(workspace);
        if (!inside(real, realWorkspace))
            throw new errors/* InputError */.dz(settings/* Inputs */.G0.Path, path, `a folder inside the workspace (a symbolic link makes it resolve to '${real}'; give a folder outside the workspace as an absolute path)`);
    }
    return real;
}

;// CONCATENATED MODULE: ./src/download/promote.ts



async function kindOf(path) {
    try {
        const stats = await (0,promises_.lstat)(path);
        if (stats.isSymbolicLink())
            return 'symlink';
        if (stats.isDirectory())
            return 'dir';
        if (stats.isFile())
            return 'file';
        return 'other';
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return 'missing';
        throw error;
    }
}
/** Every file and directory below `dir`, as path segments, parents before children. */
async function walk(dir) {
    const files = [];
    const dirs = [];
    const visit = async (segments) => {
        const entries = await (0,promises_.readdir)((0,external_node_path_.join)(dir, ...segments), { withFileTypes: true });
        for (const e of entries) {
            const next = [...segments, e.name];
            if (e.isDirectory()) {
                dirs.push(next);
                await visit(next);
            }
            else
                files.push(next);
        }
    };
    await visit([]);
    return { files, dirs };
}
class Promoter {
    root;
    staging;
    queue = Promise.resolve();
    closed = false;
    /** Destination file → rank (0 = newest) of the artifact of this run that wrote it. */
    owners = new Map();
    constructor(root, 
    /** The staging directory's name in `root`: nothing is ever promoted into it. */
    staging) {
        this.root = root;
        this.staging = staging;
    }
    checkTarget(segments) {
        if (this.staging !== undefined && segments[0] === this.staging)
            throw new UnsafePathError(`'${segments.join('/')}' would go into the staging directory`);
    }
    /**
     * No promotion starts any more (the step is cancelled); settles once the one under way is done,
     * so the files it moved aside are back or replaced, never left in staging.
     */
    close() {
        this.closed = true;
        return this.queue.then(() => undefined, () => undefined);
    }
    /** Runs promotions one at a time; none once closed. */
    serial(work) {
        const guarded = () => this.closed ? Promise.reject(new Error('the step was cancelled')) : work();
        const run = this.queue.then(guarded, guarded);
        this.queue = run.catch(() => undefined);
        return run;
    }
    /**
     * Moves the contents of `staged` into `root/target…`. `rank` orders the artifacts (0 = newest);
     * `backups` is an empty directory in staging for the files moved aside.
     */
    promoteTree(staged, target, rank, backups) {
        return this.serial(async () => {
            await this.checkDirectoryChain(target);
            const destination = (0,external_node_path_.join)(this.root, ...target);
            if (target.length > 0 && (await kindOf(destination)) === 'missing') {
                // Nothing there yet: the staged directory moves in one rename.
                const created = await this.makeDirectories(target.slice(0, -1));
                try {
                    await (0,promises_.rename)(staged, destination);
                }
                catch (error) {
                    await removeDirectories(created);
                    throw error;
                }
                const { files } = await walk(destination);
                for (const f of files)
                    this.owners.set((0,external_node_path_.join)(destination, ...f), rank);
                return { files: files.length, skipped: 0 };
            }
            const { files, dirs } = await walk(staged);
            return this.moveFiles(files.map((f) => ({ from: (0,external_node_path_.join)(staged, ...f), segments: [...target, ...f] })), dirs.map((d) => [...target, ...d]), rank, backups);
        });
    }
    /** Moves the single file `staged` to `root/target…` (a kept zip, or a body that is not a zip). */
    promoteFile(staged, target, rank, backups) {
        return this.serial(async () => {
            await this.checkDirectoryChain(target.slice(0, -1));
            return this.moveFiles([{ from: staged, segments: target }], [], rank, backups);
        });
    }
    /** Every existing component of `root/segments…` must be a real directory. */
    async checkDirectoryChain(segments) {
        let path = this.root;
        for (let i = 0; i < segments.length; i++) {
            path = (0,external_node_path_.join)(path, segments[i]);
            const kind = await kindOf(path);
            if (kind === 'missing')
                return;
            if (kind !== 'dir')
                throw notADirectory(segments.slice(0, i + 1), kind);
        }
    }
    async moveFiles(files, dirs, rank, backups) {
        // Check everything before moving anything.
        const checked = new Map();
        const kindAt = async (segments) => {
            const path = (0,external_node_path_.join)(this.root, ...segments);
            let kind = checked.get(path);
            if (kind === undefined) {
                kind = await kindOf(path);
                checked.set(path, kind);
            }
            return kind;
        };
        const checkParents = async (segments) => {
            for (let i = 1; i < segments.length; i++) {
                const kind = await kindAt(segments.slice(0, i));
                if (kind === 'missing')
                    return;
                if (kind !== 'dir')
                    throw notADirectory(segments.slice(0, i), kind);
            }
        };
        for (const f of files)
            this.checkTarget(f.segments);
        for (const d of dirs) {
            this.checkTarget(d);
            await checkParents(d);
            const kind = await kindAt(d);
            if (kind !== 'missing' && kind !== 'dir')
                throw notADirectory(d, kind);
        }
        const moves = [];
        let skipped = 0;
        for (const f of files) {
            await checkParents(f.segments);
            const to = (0,external_node_path_.join)(this.root, ...f.segments);
            const owner = this.owners.get(to);
            if (owner !== undefined && owner < rank) {
                skipped += 1;
                continue;
            }
            const kind = await kindAt(f.segments);
            if (kind === 'symlink')
                throw new UnsafePathError(`'${f.segments.join('/')}' is a symbolic link in the destination; not writing through it`);
            if (kind !== 'missing' && kind !== 'file')
                throw new UnsafePathError(`'${f.segments.join('/')}' exists in the destination and is not a file`);
            moves.push({ from: f.from, to, segments: f.segments, replace: kind === 'file' });
        }
        // Then move, keeping a journal to put everything back if a step fails.
        const created = [];
        const steps = [];
        try {
            for (const d of dirs)
                created.push(...(await this.makeDirectories(d)));
            for (const m of moves) {
                created.push(...(await this.makeDirectories(m.segments.slice(0, -1))));
                const step = {};
                if (m.replace) {
                    const backup = (0,external_node_path_.join)(backups, String(steps.length));
                    await (0,promises_.rename)(m.to, backup);
                    step.aside = { original: m.to, backup };
                }
                steps.push(step);
                await (0,promises_.rename)(m.from, m.to);
                step.placed = { from: m.from, to: m.to };
            }
        }
        catch (error) {
            for (const step of steps.reverse()) {
                if (step.placed)
                    await (0,promises_.rename)(step.placed.to, step.placed.from).catch(() => (0,promises_.unlink)(step.placed.to).catch(() => undefined));
                if (step.aside)
                    await (0,promises_.rename)(step.aside.backup, step.aside.original).catch(() => undefined);
            }
            await removeDirectories(created);
            throw error;
        }
        for (const m of moves)
            this.owners.set(m.to, rank);
        return { files: moves.length, skipped };
    }
    /** Creates the missing directories of `root/segments…`; returns those it made. */
    async makeDirectories(segments) {
        const made = [];
        let path = this.root;
        for (let i = 0; i < segments.length; i++) {
            path = (0,external_node_path_.join)(path, segments[i]);
            const kind = await kindOf(path);
            if (kind === 'dir')
                continue;
            if (kind !== 'missing')
                throw notADirectory(segments.slice(0, i + 1), kind);
            await (0,promises_.mkdir)(path, { mode: 0o755 });
            made.push(path);
        }
        return made;
    }
}
async function removeDirectories(created) {
    for (const dir of [...created].reverse())
        await (0,promises_.rmdir)(dir).catch(() => undefined);
}
function notADirectory(segments, kind) {
    return kind === 'symlink'
        ? new UnsafePathError(`'${segments.join('/')}' goes through a symbolic link`)
        : new UnsafePathError(`'${segments.join('/')}' goes through a file that is not a directory`);
}

;// CONCATENATED MODULE: ./src/download/space.ts


/** Not enough free space for an artifact, counting the artifacts being written at the same time. */
class SpaceError extends Error {
    constructor(message) {
        super(message);
        this.name = 'SpaceError';
    }
}
/**
 * Free space, counted across the artifacts written at the same time: each one reserves what it
 * will write (the declared size of its files, or its zip) before writing, and keeps the
 * reservation until it is done. A reservation that does not fit in what the file system has free,
 * less what the others have reserved, is refused with a clear message.
 */
class SpaceLedger {
    dir;
    fixedFree;
    reserved = 0;
    /** With a fixed figure (tests): what finished artifacts used of it. */
    used = 0;
    constructor(dir, 
    /** Pretend the file system has this many bytes free (ARTIFACT_KEEPER_FREE_SPACE_BYTES). */
    fixedFree) {
        this.dir = dir;
        this.fixedFree = fixedFree;
    }
    async free() {
        if (this.fixedFree !== undefined)
            return this.fixedFree - this.used;
        const stats = await (0,promises_.statfs)(this.dir);
        return stats.bavail * stats.bsize;
    }
    /** Reserves `bytes` for `what`; the returned function gives them back (`kept`: they stay used). */
    async reserve(bytes, what) {
        const free = await this.free();
        const others = this.reserved;
        if (bytes > free - others) {
            const besides = others > 0
                ? `, less ${(0,units/* formatBytes */.z3)(others)} taken by the artifacts being written at the same time`
                : '';
            throw new SpaceError(`not enough free space: ${what} needs ${(0,units/* formatBytes */.z3)(bytes)}, and ${this.dir} has ${(0,units/* formatBytes */.z3)(Math.max(0, free))} free${besides}. Free some space, or download fewer artifacts at once ('name', 'limit').`);
        }
        this.reserved += bytes;
        let released = false;
        return (kept) => {
            if (released)
                return;
            released = true;
            this.reserved -= bytes;
            if (kept)
                this.used += bytes;
        };
    }
}
/** ENOSPC while writing anyway (something else filled the disk): said plainly. */
function isNoSpace(error) {
    const code = error?.code;
    const cause = error?.cause;
    return (code === 'ENOSPC' ||
        cause?.code === 'ENOSPC' ||
        /ENOSPC/.test(String(error?.message)));
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/download/stream-extract.ts
/**
 * Extraction while the archive arrives. The central directory is fetched first (a `Range` request
 * for the blob's tail) and checked whole, exactly as for a zip on disk (extract.ts: names, `.git`,
 * links, duplicates, overlaps); its declared sizes are reserved against free space. Then the body
 * is read once, in order: each local header must be the one the directory points at (same name,
 * method, sizes), each entry's data is inflated into the staging directory with its size and CRC
 * checked, there is no byte between entries but their data descriptors, and the directory and end
 * records in the body must be byte for byte the ones that were checked. The body is hashed as it
 * goes; the caller compares the digest before anything leaves staging.
 */








/** The tail asked for first: the end record (up to 64 KiB of comment) and most directories. */
const TAIL_BYTES = 1024 * 1024;
/** A central directory larger than this is not held in memory: the archive is fetched whole. */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;
const EOCD_SIG = 0x06054b50;
const LOCAL_SIG = 0x04034b50;
const DESCRIPTOR_SIG = 0x08074b50;
const FLAG_DESCRIPTOR = 0x0008;
/** Fetches and checks the central directory of the blob at `url`. Throws ArchiveError when hostile. */
async function fetchDirectory(url, tuning) {
    const first = await requestBlob(url, tuning, `bytes=-${TAIL_BYTES}`);
    if (first.status === 200)
        return { kind: 'whole', response: first };
    const total = first.total;
    let tailStart = first.rangeStart;
    if (total === undefined || tailStart === undefined) {
        // A 206 without a usable Content-Range: read the archive whole instead.
        first.message.destroy();
        return { kind: 'unsupported' };
    }
    let tail = await readAll(first, tuning);
    if (tailStart + tail.length !== total)
        throw new BlobFetchError('the blob host answered a range that does not match the request', true);
    const end = findEndRecord(tail);
    if (!end)
        return { kind: 'unsupported' };
    // yauzl reads up to 64 KiB + 22 bytes before the end for the end record.
    const needed = Math.max(0, Math.min(end.directoryOffset, total - 65_557));
    if (total - needed > MAX_DIRECTORY_BYTES)
        return { kind: 'unsupported' };
    if (needed < tailStart) {
        const more = await requestBlob(url, tuning, `bytes=${needed}-${tailStart - 1}`);
        if (more.status !== 206 || more.rangeStart !== needed || more.total !== total) {
            more.message.destroy();
            throw new BlobFetchError('the blob host answered a range that does not match the request', true);
        }
        const head = await readAll(more, tuning);
        if (head.length !== tailStart - needed)
            throw new BlobFetchError('the blob host answered a short range', true);
        tail = Buffer.concat([head, tail]);
        tailStart = needed;
    }
    let zip;
    let listed;
    try {
        zip = await openFromTail(tail, tailStart, total);
        listed = await readEntries(zip).finally(() => zip.close());
    }
    catch {
        // Not a zip yauzl can read from its tail (a body that only ends like one, say): saved whole,
        // then looked at from its first bytes, as any other body.
        return { kind: 'unsupported' };
    }
    // Data before the first entry (a self-extracting archive): saved whole too.
    if (listed.length > 0 && Math.min(...listed.map((e) => e.relativeOffsetOfLocalHeader)) !== 0)
        return { kind: 'unsupported' };
    const entries = planEntries(listed, end.directoryOffset);
    const bytes = entries.reduce((sum, p) => sum + p.entry.uncompressedSize, 0);
    return {
        kind: 'plan',
        plan: { entries, bytes, total, directoryOffset: end.directoryOffset, tail, tailStart }
    };
}
async function readAll(response, tuning) {
    const reader = new BodyReader(response.message, tuning);
    const parts = [];
    let size = 0;
    try {
        for (let chunk = await reader.next(); chunk; chunk = await reader.next()) {
            size += chunk.length;
            if (size > TAIL_BYTES + MAX_DIRECTORY_BYTES)
                throw new BlobFetchError('the blob host answered more than the range asked for', true);
            parts.push(chunk);
        }
    }
    finally {
        reader.close();
    }
    if (response.length !== undefined && size !== response.length)
        throw new BlobFetchError(`the transfer ended after ${size} of ${response.length} bytes`, true);
    return Buffer.concat(parts, size);
}
/** The end of central directory record (not zip64), searched from the end. */
function findEndRecord(tail) {
    for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 0xffff); i--) {
        if (tail.readUInt32LE(i) !== EOCD_SIG)
            continue;
        const entries = tail.readUInt16LE(i + 10);
        const size = tail.readUInt32LE(i + 12);
        const offset = tail.readUInt32LE(i + 16);
        // zip64 (or a multi-disk archive): fetched whole and read by yauzl instead.
        if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff)
            return undefined;
        if (tail.readUInt16LE(i + 4) !== 0 || tail.readUInt16LE(i + 6) !== 0)
            return undefined;
        return { directoryOffset: offset };
    }
    return undefined;
}
/** yauzl over the bytes we hold: the tail of a blob of `total` bytes. */
function openFromTail(tail, tailStart, total) {
    class TailReader extends yauzl.RandomAccessReader {
        _readStreamForRange(start, end) {
            if (start < tailStart || end > total) {
                const stream = new external_node_stream_.Readable({ read() { } });
                process.nextTick(() => stream.destroy(new ArchiveError('the central directory points outside itself')));
                return stream;
            }
            return external_node_stream_.Readable.from([tail.subarray(start - tailStart, end - tailStart)]);
        }
    }
    return new Promise((resolve, reject) => {
        yauzl.fromRandomAccessReader(new TailReader(), total, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (error, zip) => (error || !zip ? reject(zipError(error)) : resolve(zip)));
    });
}
/**
 * GETs the whole blob and extracts it into `root` (a staging directory) as the plan says, while
 * hashing the body. Hostile bytes throw ArchiveError; a broken transfer throws BlobFetchError.
 */
async function streamExtract(url, plan, root, tuning, onBytes = () => { }) {
    const response = await requestBlob(url, tuning);
    // A length must agree when the host gives one; the end records and the digest are checked anyway.
    if (response.total !== undefined && response.total !== plan.total) {
        response.message.destroy();
        throw new BlobFetchError(`the blob changed between two requests (${response.total ?? 'unknown'} bytes, then ${plan.total})`, true);
    }
    const reader = new BodyReader(response.message, tuning, onBytes);
    const body = new BodyCursor(reader);
    let files = 0;
    try {
        const dirs = [];
        for (let i = 0; i < plan.entries.length; i++) {
            const p = plan.entries[i];
            const boundary = plan.entries[i + 1]?.entry.relativeOffsetOfLocalHeader ?? plan.directoryOffset;
            await extractEntry(body, p, boundary, root, dirs);
            if (!p.directory)
                files += 1;
        }
        if (body.position !== plan.directoryOffset)
            throw new ArchiveError('the archive has bytes the central directory does not account for');
        // The directory and end records in the body must be the ones that were checked.
        const rest = plan.total - plan.directoryOffset;
        const trailer = await body.exact(rest);
        if (!trailer.equals(plan.tail.subarray(plan.directoryOffset - plan.tailStart)))
            throw new ArchiveError('the central directory in the body differs from the one checked');
        if (await reader.next())
            throw new ArchiveError('the archive goes on after its end record');
    }
    catch (error) {
        throw error instanceof UnsafePathError ? new ArchiveError(error.message) : error;
    }
    finally {
        reader.close();
    }
    return { files, bytes: reader.bytes, sha256: reader.sha256() };
}
/** A body reader that knows its position. */
class BodyCursor {
    reader;
    position = 0;
    constructor(reader) {
        this.reader = reader;
    }
    async exact(n) {
        const bytes = await this.reader.exact(n);
        this.position += n;
        return bytes;
    }
    async *take(n) {
        for await (const chunk of this.reader.take(n)) {
            this.position += chunk.length;
            yield chunk;
        }
    }
}
async function extractEntry(body, p, boundary, root, dirs) {
    const { entry } = p;
    const shown = (0,names/* printable */.g$)(entry.fileName);
    if (body.position !== entry.relativeOffsetOfLocalHeader)
        throw new ArchiveError(`entry '${shown}' is not where the central directory says`);
    const header = await body.exact(30);
    if (header.readUInt32LE(0) !== LOCAL_SIG)
        throw new ArchiveError(`entry '${shown}' has no local header where the directory points`);
    const flags = header.readUInt16LE(6);
    const method = header.readUInt16LE(8);
    const nameLength = header.readUInt16LE(26);
    const extraLength = header.readUInt16LE(28);
    const name = await body.exact(nameLength);
    await body.exact(extraLength);
    const descriptor = (flags & FLAG_DESCRIPTOR) !== 0;
    if (!name.equals(entry.fileNameRaw) ||
        method !== entry.compressionMethod ||
        descriptor !== ((entry.generalPurposeBitFlag & FLAG_DESCRIPTOR) !== 0) ||
        (!descriptor &&
            (header.readUInt32LE(14) !== entry.crc32 >>> 0 ||
                header.readUInt32LE(18) !== entry.compressedSize ||
                header.readUInt32LE(22) !== entry.uncompressedSize)))
        throw new ArchiveError(`entry '${shown}': its local header differs from the central directory`);
    if (method !== 0 && method !== 8)
        throw new ArchiveError(`entry '${shown}' uses compression method ${method}, which is not supported`);
    if (method === 0 && entry.compressedSize !== entry.uncompressedSize)
        throw new ArchiveError(`entry '${shown}' is stored, but its sizes differ`);
    if (body.position + entry.compressedSize > boundary)
        throw new ArchiveError(`entry '${shown}' overlaps the next one (entries that share bytes are a zip bomb)`);
    if (p.directory) {
        if (entry.compressedSize > (method === 8 ? 2 : 0))
            throw new ArchiveError(`directory entry '${shown}' has data`);
        await drain(body.take(entry.compressedSize));
        await ensureDirectory(root, p.segments, dirs);
    }
    else {
        await writeEntryData(body, p, root, dirs);
    }
    const gap = boundary - body.position;
    if (!descriptor) {
        if (gap !== 0)
            throw new ArchiveError(`entry '${shown}' is followed by bytes that belong to nothing`);
        return;
    }
    if (gap !== 12 && gap !== 16)
        throw new ArchiveError(`entry '${shown}' has a data descriptor of an unexpected size`);
    const d = await body.exact(gap);
    const at = gap === 16 ? 4 : 0;
    if ((gap === 16 && d.readUInt32LE(0) !== DESCRIPTOR_SIG) ||
        d.readUInt32LE(at) !== entry.crc32 >>> 0 ||
        d.readUInt32LE(at + 4) !== entry.compressedSize ||
        d.readUInt32LE(at + 8) !== entry.uncompressedSize)
        throw new ArchiveError(`entry '${shown}': its data descriptor differs from the central directory`);
}
async function drain(source) {
    let bytes = 0;
    for await (const chunk of source)
        bytes += chunk.length;
    return bytes;
}
async function writeEntryData(body, p, root, dirs) {
    const { entry } = p;
    const shown = (0,names/* printable */.g$)(entry.fileName);
    const { handle } = await openNewFile(root, p.segments, p.mode, dirs);
    const writer = new BatchWriter(handle);
    let bytes = 0;
    let crc = 0;
    const sink = async (source) => {
        for await (const chunk of source) {
            bytes += chunk.length;
            if (bytes > entry.uncompressedSize)
                throw new ArchiveError(`entry '${shown}' inflates past its declared size`);
            crc = external_node_zlib_.crc32(chunk, crc);
            await writer.write(chunk);
        }
    };
    try {
        const data = body.take(entry.compressedSize);
        if (entry.compressionMethod === 8) {
            await (0,external_node_stream_promises_.pipeline)(data, external_node_zlib_.createInflateRaw({ chunkSize: 256 * 1024 }), sink).catch((error) => {
                throw error instanceof ArchiveError || error instanceof BlobFetchError
                    ? error
                    : new ArchiveError(`entry '${shown}' does not inflate (${String(error?.message ?? error)})`);
            });
        }
        else {
            await sink(data);
        }
        if (bytes !== entry.uncompressedSize)
            throw new ArchiveError(`entry '${shown}' is shorter than its declared size`);
        if (crc >>> 0 !== entry.crc32 >>> 0)
            throw new ArchiveError(`entry '${shown}' fails its CRC-32 check`);
        await writer.close();
    }
    catch (error) {
        await writer.abort();
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/download/tuning.ts

const DEFAULT_TRANSFER_TUNING = {
    headersTimeoutMs: 60_000,
    stallMs: 60_000,
    minBytesPerWindow: 64 * 1024,
    streamMinBytes: 4 * 1024 * 1024,
    progressMs: 10_000
};
/** Environment variables that tune transfers (documented in README.md). */
const TRANSFER_ENV = {
    headersTimeoutMs: 'ARTIFACT_KEEPER_BLOB_HEADERS_TIMEOUT_MS',
    stallMs: 'ARTIFACT_KEEPER_BLOB_STALL_MS',
    minBytesPerWindow: 'ARTIFACT_KEEPER_BLOB_MIN_BYTES',
    streamMinBytes: 'ARTIFACT_KEEPER_STREAM_MIN_BYTES',
    progressMs: 'ARTIFACT_KEEPER_PROGRESS_MS',
    freeSpaceBytes: 'ARTIFACT_KEEPER_FREE_SPACE_BYTES'
};
/** Reads the transfer variables; unset ones keep the defaults. Throws naming a bad one. */
function readTransferTuning(env) {
    const tuning = { ...DEFAULT_TRANSFER_TUNING };
    for (const key of Object.keys(TRANSFER_ENV)) {
        const raw = env[TRANSFER_ENV[key]]?.trim();
        if (raw === undefined || raw === '')
            continue;
        const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
        const min = key === 'headersTimeoutMs' || key === 'stallMs' || key === 'progressMs' ? 1 : 0;
        if (!Number.isSafeInteger(value) || value < min) {
            const unit = key.endsWith('Ms') ? 'milliseconds' : 'bytes';
            throw new errors/* ActionError */.lZ(`Environment variable ${TRANSFER_ENV[key]} has an invalid value '${raw}': expected a whole number ` +
                `${min} or more (${unit}); unset it for the default${key in DEFAULT_TRANSFER_TUNING ? ` ${DEFAULT_TRANSFER_TUNING[key]}` : ''}.`);
        }
        tuning[key] = value;
    }
    return tuning;
}

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
 * Downloads the selected artifacts, newest first, a few at a time. Stage, verify, promote: each
 * artifact is written into a private staging directory beside the destination (extracted while it
 * arrives when it is large), and moved into place only once its digest matched and its archive
 * was extracted whole. One artifact's failure does not stop the others, nor touch their files.
 */
async function downloadOperation(deps, selection, settings) {
    const { api, log, clock } = deps;
    const options = {
        ...settings.download,
        concurrency: settings.concurrency,
        backoffMs: deps.backoffMs,
        mask: deps.mask,
        apiUrl: settings.apiUrl
    };
    const transfer = options.transfer ?? readTransferTuning(process.env);
    // The checkout's own symbolic links may not take the destination into .git or out of the
    // workspace: checked before anything is created, and again once it exists.
    const workspace = process.env.GITHUB_WORKSPACE;
    await checkDestination(options.path, workspace);
    await (0,promises_.mkdir)(options.path, { recursive: true });
    const root = await (0,promises_.realpath)(options.path);
    await checkDestination(root, workspace && (await (0,promises_.realpath)(workspace).catch(() => workspace)));
    // Same file system as the destination: staged files are moved into place, never copied.
    const temp = await (0,promises_.mkdtemp)((0,external_node_path_.join)(root, '.artifact-keeper-'));
    const run = new DownloadRun(api, options, transfer, root, temp, log, clock, selection.selected);
    const cancel = onCancel(temp, run);
    try {
        const limit = (0,p_limit/* default */.A)(Math.max(1, Math.min(options.concurrency, DOWNLOADS_IN_FLIGHT)));
        const done = await Promise.all(selection.selected.map((a, rank) => limit(async () => {
            try {
                return run.stopReason ? notReachedResult(a) : await run.downloadOne(a, rank);
            }
            finally {
                run.settle(rank);
            }
        })));
        const later = (0,result/* notReached */.eo)(selection.notReached);
        return { results: [...done, ...later], downloadPath: root, stopReason: run.stopReason };
    }
    finally {
        cancel.dispose();
        run.stop();
        await (0,promises_.rm)(temp, { recursive: true, force: true });
    }
}
/**
 * A cancelled step (the runner sends SIGINT, then SIGTERM) must not leave the staging folder, with
 * its unverified files, in the destination: the promotion under way finishes (so the files it
 * moved aside are put back or replaced, never lost), then staging is removed and the step exits.
 */
function onCancel(temp, run) {
    let stopping = false;
    const handler = (signal) => {
        if (stopping)
            return;
        stopping = true;
        void run
            .cancelled()
            .finally(() => (0,external_node_fs_.rmSync)(temp, { recursive: true, force: true }))
            .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return {
        dispose: () => {
            process.off('SIGINT', handler);
            process.off('SIGTERM', handler);
        }
    };
}
function notReachedResult(artifact) {
    return (0,result/* notReached */.eo)([artifact])[0];
}
class DownloadRun {
    api;
    options;
    transfer;
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
    ticker;
    promoter;
    space;
    httpsOnly;
    /** Per artifact (by rank, newest first): settles when it is done, whatever the outcome. */
    settled;
    constructor(api, options, transfer, root, temp, log, clock, artifacts) {
        this.api = api;
        this.options = options;
        this.transfer = transfer;
        this.root = root;
        this.temp = temp;
        this.log = log;
        this.clock = clock;
        this.plan = (0,layout/* planLayout */.u)(artifacts.filter((a) => (0,layout/* isPlainFileName */.kY)(a.name) && (0,names/* isPositiveId */.N1)(a.id)), root, options);
        this.progress = new progress/* Progress */.k('Downloaded', artifacts.length, log, clock, transfer.progressMs, artifacts.reduce((sum, a) => sum + declaredSize(a), 0));
        this.ticker = setInterval(() => this.progress.maybeLog(), transfer.progressMs);
        this.ticker.unref();
        this.promoter = new Promoter(root, (0,external_node_path_.basename)(temp));
        this.space = new SpaceLedger(root, transfer.freeSpaceBytes);
        const apiUrl = options.apiUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com';
        this.httpsOnly = /^https:/i.test(apiUrl);
        this.settled = artifacts.map(() => {
            let resolve = () => { };
            const promise = new Promise((r) => (resolve = r));
            return { promise, resolve };
        });
    }
    /** The artifact of this rank is done (downloaded, failed, expired or not reached). */
    settle(rank) {
        this.settled[rank]?.resolve();
    }
    stop() {
        clearInterval(this.ticker);
    }
    /** The step is cancelled: no more promotions start; the one under way finishes. */
    async cancelled() {
        this.stopReason ??= 'the step was cancelled';
        await this.promoter.close();
    }
    async downloadOne(artifact, rank) {
        const refused = this.refusal(artifact);
        if (refused) {
            this.log.warning(`Not downloading ${(0,src_artifact/* describeArtifact */.Qw)(artifact)}: ${refused}`);
            return { artifact, outcome: 'failed', error: refused };
        }
        const placement = this.plan.get(artifact.id);
        const work = (0,external_node_path_.join)(this.temp, String(artifact.id));
        const releases = [];
        let promoted = false;
        try {
            const staged = await this.fetchWithRetries(artifact, work, releases);
            if (staged === 'expired') {
                this.log.warning(`${(0,src_artifact/* describeArtifact */.Qw)(artifact)} has expired (410): it can no longer be downloaded`);
                return { artifact, outcome: 'expired' };
            }
            if (staged === 'gone')
                throw new Error('the artifact no longer exists (404)');
            this.checkDigest(artifact, staged.sha256);
            const path = await this.place(artifact, placement, staged, work, rank, releases);
            promoted = true;
            this.log.info(`Downloaded ${(0,src_artifact/* describeArtifact */.Qw)(artifact)} to ${path}`);
            return { artifact, outcome: 'downloaded', path };
        }
        catch (error) {
            if (error instanceof github_errors/* ReserveReachedError */.Lg) {
                // The rate-limit reserve: stop starting work; this one and the rest wait for the next run.
                this.stopReason ??= error.message;
                return notReachedResult(artifact);
            }
            const message = isNoSpace(error)
                ? `the disk filled up while writing it (ENOSPC); nothing of it was put in place. Free some space, or download fewer artifacts at once.`
                : (0,errors/* errorMessage */.gJ)(error);
            this.log.warning(`Could not download ${(0,src_artifact/* describeArtifact */.Qw)(artifact)}: ${message}`);
            return { artifact, outcome: 'failed', error: message };
        }
        finally {
            for (const release of releases)
                release(promoted);
            await (0,promises_.rm)(work, { recursive: true, force: true });
            this.progress.finished();
        }
    }
    /** Why an artifact is refused before any request, if it is. */
    refusal(artifact) {
        return (0,layout/* refusalOf */.Of)(artifact, this.plan);
    }
    /** Fresh URL, stage; on a dropped transfer or a refused URL, a fresh URL again, with backoff. */
    async fetchWithRetries(artifact, work, releases) {
        for (let attempt = 1;; attempt++) {
            const link = await this.api.getDownloadUrl(artifact.id);
            if (link.kind !== 'url')
                return link.kind;
            // Checked before it is registered as a secret: a 'URL' such as `a:` would mask that text
            // in the whole log.
            const scheme = new URL(link.url).protocol;
            if (scheme !== 'https:' && scheme !== 'http:')
                throw new BlobFetchError(`the signed URL has an unsupported scheme ${scheme}`, false);
            this.options.mask(link.url);
            if (this.httpsOnly && !/^https:/i.test(link.url))
                throw new BlobFetchError('the API is https, but its signed URL is not (a redirect to plain http); refused', false);
            const dir = (0,external_node_path_.join)(work, String(attempt));
            await (0,promises_.mkdir)(dir, { recursive: true });
            let received = 0;
            const onBytes = (n) => {
                received += n;
                this.progress.add(n);
            };
            try {
                return await this.stage(artifact, link.url, dir, onBytes, releases);
            }
            catch (error) {
                await (0,promises_.rm)(dir, { recursive: true, force: true });
                this.progress.add(-received);
                for (const release of releases.splice(0))
                    release(false);
                if (!(error instanceof BlobFetchError) || !error.retryable || attempt >= MAX_ATTEMPTS)
                    throw error;
                const wait = this.options.backoffMs(attempt - 1);
                this.log.info(`${(0,src_artifact/* describeArtifact */.Qw)(artifact)}: ${error.message}; asking for a fresh URL, attempt ${attempt + 1} of ${MAX_ATTEMPTS} in ${wait} ms`);
                await this.clock.sleep(wait);
            }
        }
    }
    /**
     * One attempt. A large artifact to extract: its central directory first (checked whole), its
     * declared size reserved, then the body extracted into staging as it arrives. Otherwise (or when
     * the host does not serve ranges, or the archive is zip64): the body saved into staging.
     */
    async stage(artifact, url, dir, onBytes, releases) {
        const file = (0,external_node_path_.join)(dir, 'body');
        if (this.options.extract && artifact.sizeInBytes >= this.transfer.streamMinBytes) {
            const answer = await fetchDirectory(url, this.transfer);
            if (answer.kind === 'plan') {
                releases.push(await this.space.reserve(answer.plan.bytes, (0,src_artifact/* describeArtifact */.Qw)(artifact)));
                const tree = (0,external_node_path_.join)(dir, 'tree');
                await (0,promises_.mkdir)(tree);
                const result = await streamExtract(url, answer.plan, tree, this.transfer, onBytes);
                this.log.debug(`${artifact.name}: ${result.files} files extracted while downloading`);
                return { kind: 'tree', dir: tree, sha256: result.sha256, bytes: result.bytes };
            }
            if (answer.kind === 'whole') {
                // The host ignored the range: this answer is the whole body.
                releases.push(await this.space.reserve(declaredSize(artifact), (0,src_artifact/* describeArtifact */.Qw)(artifact)));
                checkAnnounced(answer.response, bodyLimit(artifact));
                const reader = new BodyReader(answer.response.message, this.transfer, onBytes);
                const blob = await saveBody(reader, file, bodyLimit(artifact));
                checkLength(answer.response, blob.bytes);
                return { kind: 'file', file, ...blob };
            }
        }
        releases.push(await this.space.reserve(declaredSize(artifact), (0,src_artifact/* describeArtifact */.Qw)(artifact)));
        const blob = await fetchBlob(url, file, this.transfer, onBytes, bodyLimit(artifact));
        return { kind: 'file', file, ...blob };
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
    /**
     * Verified: a zip saved whole is extracted into staging (or kept with `extract: false`), a body
     * that is not a zip is kept as it is; then promoted into place.
     */
    async place(artifact, placement, staged, work, rank, releases) {
        const dirSegments = (0,external_node_path_.relative)(this.root, placement.dir).split(external_node_path_.sep).filter(Boolean);
        // merge-multiple: artifacts share the destination, so they move in newest first. Files are
        // never taken from a newer artifact (the promoter's ranks), and a clash between one's file and
        // another's directory always goes the same way, whatever order the transfers finished in.
        if (this.options.mergeMultiple)
            await Promise.all(this.settled.slice(0, rank).map((s) => s.promise));
        const aside = (0,external_node_path_.join)(work, 'aside');
        await (0,promises_.mkdir)(aside, { recursive: true });
        let tree = staged.kind === 'tree' ? staged.dir : undefined;
        if (staged.kind === 'file') {
            const zip = await looksLikeZip(staged.file);
            if (zip && this.options.extract) {
                tree = (0,external_node_path_.join)(work, 'extracted');
                await (0,promises_.mkdir)(tree);
                const { files, bytes } = await extractZip(staged.file, tree, [], async (needed) => {
                    releases.push(await this.space.reserve(needed, (0,src_artifact/* describeArtifact */.Qw)(artifact)));
                });
                await (0,promises_.unlink)(staged.file);
                this.log.debug(`${artifact.name}: ${files} files, ${(0,units/* formatBytes */.z3)(bytes)} extracted`);
            }
            else {
                if (!zip)
                    this.log.info(`${(0,src_artifact/* describeArtifact */.Qw)(artifact)} is not a zip: saved as it is`);
                const target = zip
                    ? [`${placement.base}.zip`]
                    : this.options.extract
                        ? [...dirSegments, artifact.name]
                        : [placement.base];
                await this.promoter.promoteFile(staged.file, target, rank, aside);
                return (0,external_node_path_.join)(this.root, ...target);
            }
        }
        const promoted = await this.promoter.promoteTree(tree, dirSegments, rank, aside);
        if (promoted.skipped > 0)
            this.log.info(`${(0,src_artifact/* describeArtifact */.Qw)(artifact)}: ${promoted.skipped} file(s) left as a newer artifact wrote them (merge-multiple)`);
        return placement.dir;
    }
}
/** The zip's size as the API says it (attacker-chosen: anything but a size counts as 0). */
function declaredSize(artifact) {
    const size = artifact.sizeInBytes;
    return Number.isSafeInteger(size) && size > 0 ? size : 0;
}
/**
 * The most bytes the blob host may send for an artifact. With a SHA-256 digest (upload-artifact
 * v4), `size_in_bytes` is the zip's own size: not a byte more. Older artifacts declare the size of
 * what was uploaded, which their zip may exceed a little: twice that, plus 1 MiB. Either way an
 * endless or padded body is cut off instead of filling the disk.
 */
function bodyLimit(artifact) {
    const declared = declaredSize(artifact);
    return /^sha256:[0-9a-f]{64}$/i.test(artifact.digest ?? '')
        ? declared
        : 2 * declared + 1024 * 1024;
}


/***/ })

};
