import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: string | null;
  }
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_INDEX = path.resolve(import.meta.dirname, '..', 'web', 'dist', 'index.html');

/** Browser tests need Debian's Chromium and a built web app; under CI=true both are required. */
export default function setup(project: TestProject): void {
  const missing: string[] = [];
  if (!fs.existsSync(CHROMIUM)) {
    missing.push(`${CHROMIUM} (apt-get install -y chromium)`);
  }
  if (!fs.existsSync(WEB_INDEX)) {
    missing.push('web/dist (npm run build)');
  }
  if (missing.length > 0) {
    if (process.env.CI === 'true') {
      throw new Error(`CI=true needs the browser tests; missing: ${missing.join(', ')}`);
    }
    process.stdout.write(`SKIPPED: browser tests — missing ${missing.join(', ')}.\n`);
    project.provide('chromium', null);
    return;
  }
  project.provide('chromium', CHROMIUM);
}
