/** Help text shared by the CLI commands' usage: where the limits and error lines are documented. */

/** The paragraph every command's `--help` ends with, before its exit statuses. */
export const LIMITS_HELP = `Errors are one line each on standard error, "cxl-lab COMMAND: WHAT (WHERE)". Inputs are read up
to the limits in docs/limits.md (text 64 MiB, CEDT 1 MiB), enforced while reading; '-o OUT' is
written whole or not at all (a temporary file beside OUT, then a rename).
`;
