/**
 * The download destination as the file system resolves it. A checkout is attacker-shaped: whoever
 * pushed the branch chooses its symbolic links, so `path: out` may lead anywhere once `out` is a
 * link (`out -> .git`, `out -> ../../.ssh`). Before anything is created there, the destination is
 * resolved through the links that exist: it must not lead into a `.git` folder (its config is code
 * that git runs), and a destination inside the workspace must stay inside it.
 */
import { realpath } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path'
import { InputError } from '../errors.js'
import { Inputs } from '../settings.js'
import { isGitSegment } from './names.js'

/** `path` with its longest existing ancestor resolved through symbolic links. */
async function resolveExisting(path: string): Promise<string> {
  const rest: string[] = []
  let at = path
  for (;;) {
    try {
      return join(await realpath(at), ...rest.reverse())
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(at) === at) throw error
      rest.push(basename(at))
      at = dirname(at)
    }
  }
}

function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * Throws an InputError for `path` (absolute, the `path` input resolved against the workspace)
 * when it leads into a `.git` folder, or, being inside `workspace`, leads out of it through a
 * symbolic link. Returns the resolved destination.
 */
export async function checkDestination(path: string, workspace?: string): Promise<string> {
  const real = await resolveExisting(path)
  if (real.split(sep).some((segment) => segment !== '' && isGitSegment(segment)))
    throw new InputError(
      Inputs.Path,
      path,
      `a folder outside any .git folder (it resolves to '${real}': a repository's .git/config is code that git runs)`
    )
  if (workspace && inside(path, workspace)) {
    const realWorkspace = await resolveExisting(workspace)
    if (!inside(real, realWorkspace))
      throw new InputError(
        Inputs.Path,
        path,
        `a folder inside the workspace (a symbolic link makes it resolve to '${real}'; give a folder outside the workspace as an absolute path)`
      )
  }
  return real
}
