import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
    /** LibreOffice (soffice) and poppler-utils (pdftotext, pdffonts) are on PATH: document checks run. */
    officeTools: boolean;
  }
}

const OFFICE_TOOLS = ['soffice', 'pdftotext', 'pdffonts', 'pdftoppm'];

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, tool)));
}

/**
 * Decides once whether the PostgreSQL half of the suite runs. Under CI=true PostgreSQL is
 * required; elsewhere a missing server prints one SKIPPED line and the SQLite half still runs.
 */
export default async function setup(project: TestProject): Promise<void> {
  // Generated documents are checked with the tools a clerk's machine has: LibreOffice opens the
  // DOCX, poppler reads the PDF's text and fonts (issue 7).
  const missing = OFFICE_TOOLS.filter((t) => !onPath(t));
  if (missing.length > 0 && process.env.CI === 'true') {
    throw new Error(
      `CI=true needs ${missing.join(', ')} (apt-get install -y libreoffice-writer-nogui poppler-utils)`,
    );
  }
  if (missing.length > 0) {
    process.stdout.write(
      `SKIPPED: document checks (LibreOffice, pdftotext) — missing ${missing.join(', ')}. Install: apt-get install -y libreoffice-writer-nogui poppler-utils fonts-liberation2\n`,
    );
  }
  project.provide('officeTools', missing.length === 0);
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    project.provide('pgUrl', url);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    if (process.env.CI === 'true') {
      throw new Error(`CI=true needs PostgreSQL for the tests (${url}): ${why}`);
    }
    process.stdout.write(
      `SKIPPED: PostgreSQL tests — no server at ${url} (${why}). Install/start PostgreSQL or set TEST_DATABASE_URL.\n`,
    );
    project.provide('pgUrl', null);
  } finally {
    await client.end().catch(() => {});
  }
}
