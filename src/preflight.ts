/**
 * Runs before anything else is loaded. @actions/github parses GITHUB_API_URL when it is loaded
 * (for its proxy agent), outside any try: an invalid URL crashed the step with a stack trace that
 * quoted the whole URL, a `user:password@` in it included. Checked here first, with a message that
 * never shows the value.
 */
const apiUrl = process.env.GITHUB_API_URL
if (apiUrl) {
  let valid = true
  try {
    new URL(apiUrl)
  } catch {
    valid = false
  }
  if (!valid) {
    process.stdout.write(
      '::error::GITHUB_API_URL is not a valid URL (its value is not shown: it may hold a user name ' +
        'or password). The runner sets it; check the env: of the workflow, job and step.\n'
    )
    process.exit(1)
  }
}

export {}
