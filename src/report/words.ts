/**
 * The words the report uses, one meaning each. Pure.
 *
 * - listed: returned by the API's listing (after de-duplication), expired ones included;
 * - matched: passed every filter and was not spared: the `count` output;
 * - kept: matched the name, branch and commit but spared (keep-latest, keep-tagged, a run in
 *   progress);
 * - left for a later run: matched, but not reached this run (`limit`, the rate-limit reserve).
 */

/** A whole number as people read it: 3000 → '3,000'. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/**
 * `n` and the noun, singular or plural: '1 artifact', '3,000 artifacts', '1 more row'. The plural
 * is the noun with an 's' unless given.
 */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : nouns}`
}

/** The outcome words of the `artifacts` output, as a sentence says them. */
const OUTCOME_WORDS: Record<string, string> = {
  listed: 'listed',
  deleted: 'deleted',
  'would-delete': 'would be deleted',
  gone: 'already gone',
  downloaded: 'downloaded',
  'would-download': 'would be downloaded',
  expired: 'expired',
  failed: 'failed',
  'not-reached': 'left for a later run'
}

/** An outcome in plain words ('would-delete' → 'would be deleted'). */
export function outcomeWords(outcome: string): string {
  return OUTCOME_WORDS[outcome] ?? outcome.replace(/-/g, ' ')
}
