import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDb, type TestDb } from '../src/testing/test-db';

type Shape = Record<string, Record<string, { type: string; nullable: boolean }>>;

/** Portable type names: what a column is, not how each dialect spells it. */
function portable(dataType: string): string {
  const t = dataType.toLowerCase();
  if (t === 'int4' || t === 'integer' || t === 'int8' || t === 'bigint') {
    return 'integer';
  }
  if (t === 'text' || t === 'varchar') {
    return 'text';
  }
  return t;
}

async function shapeOf(t: TestDb): Promise<Shape> {
  const tables = await t.db.introspection.getTables();
  const shape: Shape = {};
  for (const table of tables) {
    shape[table.name] = Object.fromEntries(
      table.columns.map((c) => [c.name, { type: portable(c.dataType), nullable: c.isNullable }]),
    );
  }
  return shape;
}

describe('schema', () => {
  let sqlite: TestDb;
  let postgres: TestDb | null = null;
  beforeAll(async () => {
    sqlite = await createTestDb('sqlite');
    postgres = inject('pgUrl') ? await createTestDb('postgres') : null;
  });
  afterAll(async () => {
    await sqlite.destroy();
    await postgres?.destroy();
  });

  // SQLite lets a text PRIMARY KEY hold NULL unless NOT NULL is explicit; this test caught it once.
  it('has the tables the code expects, with camelCase columns', async () => {
    const shape = await shapeOf(sqlite);
    expect(Object.keys(shape).sort()).toEqual([
      'amendment',
      'announcement',
      'app_user',
      'appeal',
      'appraisal_assignment',
      'attachment',
      'audit_chain_head',
      'audit_event',
      'blob',
      'campaign',
      'campaign_budget_line',
      'campaign_file',
      'campaign_milestone',
      'council_meeting',
      'document_settings',
      'evidence',
      'explanation_request',
      'export_job',
      'index_set',
      'job',
      'notification',
      'reminder_delivery',
      'reminder_rule',
      'report_draft',
      'results_settings',
      'score_decision',
      'scorecard',
      'scorecard_answer',
      'scorecard_snapshot',
      'session',
      'special_case',
      'unit',
      'unit_group',
      'user_role',
    ]);
    expect(shape.app_user?.passwordHash).toEqual({ type: 'text', nullable: true });
    expect(shape.unit?.isActive).toEqual({ type: 'integer', nullable: false });
    expect(shape.unit?.id).toEqual({ type: 'text', nullable: false });
    // Appraisal: decided points may be null (not applicable); the unit of work is optional.
    expect(shape.score_decision?.points).toEqual({ type: 'integer', nullable: true });
    expect(shape.app_user?.homeUnitId).toEqual({ type: 'text', nullable: true });
  });

  it.runIf(inject('pgUrl'))('is identical on SQLite and PostgreSQL after migrations', async () => {
    expect(await shapeOf(postgres!)).toEqual(await shapeOf(sqlite));
  });
});
