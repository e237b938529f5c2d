#!/usr/bin/env bash
# Dependency audit for CI: `npm audit --omit=dev --audit-level=high` on the production dependencies
# of the lockfile. Fails on any high or critical advisory.
#
# Exit status:
#   0  no high or critical vulnerability; or the registry's audit endpoint could not be reached or
#      answered with an HTTP error (e.g. 405 from a mirror without the audit API) — then one line
#      says so and why. Never 0 when vulnerabilities are reported. AUDIT_STRICT=1 makes that case 3.
#   1  high or critical vulnerabilities (listed).
#   2  the audit failed for another reason (no lockfile, unreadable answer): fix the setup.
#   3  (AUDIT_STRICT=1 only) the audit endpoint was unavailable.
#
# NPM overrides the npm command (the tests use a stand-in).
set -uo pipefail
cd "$(dirname "$0")/.."

npm_cmd="${NPM:-npm}"
out="$(mktemp)"
err="$(mktemp)"
trap 'rm -f "$out" "$err"' EXIT

"$npm_cmd" audit --omit=dev --audit-level=high --json >"$out" 2>"$err"
npm_status=$?

# The JSON answer decides; npm's exit status alone cannot tell "vulnerable" from "no answer".
node - "$out" "$err" "$npm_status" "${AUDIT_STRICT:-0}" <<'NODE'
const fs = require('node:fs');
const [outFile, errFile, npmStatus, strict] = process.argv.slice(2);
const out = fs.readFileSync(outFile, 'utf8');
const err = fs.readFileSync(errFile, 'utf8');
let report = null;
try {
  report = JSON.parse(out);
} catch {
  report = null;
}

const counts = report?.metadata?.vulnerabilities;
if (counts && typeof counts === 'object') {
  // A real report: high and critical fail, whatever else happened.
  const severe = (counts.high ?? 0) + (counts.critical ?? 0);
  const summary = ['critical', 'high', 'moderate', 'low', 'info']
    .map((s) => `${counts[s] ?? 0} ${s}`)
    .join(', ');
  if (severe > 0) {
    console.log(`audit-deps: FAILED — ${severe} high or critical vulnerabilities in production dependencies (${summary}):`);
    for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
      if (v.severity !== 'high' && v.severity !== 'critical') {
        continue;
      }
      const advisories = (v.via ?? [])
        .filter((x) => typeof x === 'object' && x !== null)
        .map((x) => `${x.title ?? 'advisory'}${x.url ? ` (${x.url})` : ''}`);
      const via = advisories.length > 0 ? advisories.join('; ') : `through ${(v.via ?? []).join(', ')}`;
      console.log(`  ${name} ${v.range ?? ''} [${v.severity}]: ${via}`);
    }
    console.log('Run `npm audit --omit=dev` for details and `npm audit fix` or an update to fix.');
    process.exit(1);
  }
  console.log(`audit-deps: OK — no high or critical vulnerabilities in production dependencies (${summary}).`);
  process.exit(0);
}

// No report. Unavailable means the audit endpoint answered with an HTTP error or could not be
// reached; anything else (no lockfile, an unreadable answer) is a broken setup and fails.
const error = report?.error ?? {};
const code = String(error.code ?? report?.code ?? '');
const httpStatus = Number(report?.statusCode ?? 0);
const networkCodes = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const endpointError = /audit endpoint returned an error/i.test(err) || httpStatus >= 400;
if (endpointError || networkCodes.has(code)) {
  const uri = report?.uri ?? 'the registry audit endpoint';
  const why = httpStatus >= 400
    ? `HTTP ${report.message?.match(/^\d{3} [^-]+/)?.[0]?.trim() ?? httpStatus}`
    : code || err.split('\n').find((l) => l.trim() !== '')?.trim() || 'no answer';
  console.log(
    `audit-deps: SKIPPED — the dependency audit could not be performed: ${uri} answered ${why}; no vulnerability data was received (npm exit ${npmStatus}).`,
  );
  process.exit(strict === '1' ? 3 : 0);
}

const firstLine = (err || out).split('\n').find((l) => l.trim() !== '')?.trim() ?? `npm exit ${npmStatus}`;
console.log(`audit-deps: ERROR — npm audit failed: ${code ? `${code}: ` : ''}${firstLine}`);
process.exit(2);
NODE
