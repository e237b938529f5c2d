import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import frozen from '../src/db/migrations.lock.json' with { type: 'json' };

const dir = path.resolve(import.meta.dirname, '..', 'src', 'db', 'migrations');

/**
 * Migrations are frozen once landed: their hashes are recorded in migrations.lock.json.
 * A new migration adds a line there; an edited one fails here — write a new migration instead.
 */
describe('migrations', () => {
  it('are unchanged since they were recorded, and every file is recorded', () => {
    const actual = Object.fromEntries(
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .sort()
        .map((f) => [
          f,
          createHash('sha256')
            .update(fs.readFileSync(path.join(dir, f)))
            .digest('hex'),
        ]),
    );
    expect(actual).toEqual(frozen);
  });
});
