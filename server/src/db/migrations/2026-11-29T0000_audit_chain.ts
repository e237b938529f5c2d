import { createHash } from 'node:crypto';
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once landed: a fix is a new migration. Imports nothing from app code; portable types only.
//
// The audit log becomes tamper-evident (issue 8): each event gets a sequence number, the hash of
// the event before it and its own hash (a hash chain), plus the request id and the actor's roles
// at the time. A one-row table holds the head of the chain; appending takes that row first, which
// serialises appends on both dialects. Triggers make the table append-only for every code path.

const GENESIS = '0'.repeat(64);

/**
 * Version 1 of the chained form. A copy of `chainHash` in server/src/modules/audit/audit-chain.ts,
 * kept here so that this migration stays frozen whatever the app code becomes.
 */
function hashV1(e: {
  seq: number;
  prevHash: string;
  id: string;
  at: string;
  actorUserId: string | null;
  actorRoles: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data: string;
  ip: string | null;
  requestId: string | null;
}): string {
  const canonical = JSON.stringify([
    1,
    e.seq,
    e.prevHash,
    e.id,
    e.at,
    e.actorUserId,
    e.actorRoles,
    e.action,
    e.entityType,
    e.entityId,
    e.data,
    e.ip,
    e.requestId,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists at their time.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // SQLite cannot add a NOT NULL column without a default: the columns are nullable, every
  // existing row is filled below, and verify-audit treats a missing value as a broken entry.
  await db.schema.alterTable('audit_event').addColumn('seq', 'bigint').execute();
  await db.schema.alterTable('audit_event').addColumn('prevHash', 'text').execute();
  await db.schema.alterTable('audit_event').addColumn('hash', 'text').execute();
  await db.schema.alterTable('audit_event').addColumn('requestId', 'text').execute();
  await db.schema.alterTable('audit_event').addColumn('actorRoles', 'text').execute();

  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  // Chain the events written before this migration in the order they happened.
  const rows = await db
    .selectFrom('audit_event')
    .select(['id', 'at', 'actorUserId', 'action', 'entityType', 'entityId', 'data', 'ip'])
    .orderBy('at')
    .orderBy('id')
    .execute();
  let prevHash = GENESIS;
  let seq = 0;
  for (const row of rows) {
    seq += 1;
    const hash = hashV1({ ...row, seq, prevHash, actorRoles: null, requestId: null });
    await db.updateTable('audit_event').set({ seq, prevHash, hash }).where('id', '=', row.id).execute();
    prevHash = hash;
  }
  await db.insertInto('audit_chain_head').values({ id: 1, seq, hash: prevHash }).execute();
  await db.schema.createIndex('audit_event_seq_key').on('audit_event').column('seq').unique().execute();
  await db.schema.createIndex('audit_event_at_idx').on('audit_event').columns(['at', 'seq']).execute();
  await db.schema.createIndex('audit_event_action_idx').on('audit_event').column('action').execute();

  // Append-only. A database owner can still drop the trigger; verify-audit then finds the edit.
  if (postgres) {
    await sql`
      create function audit_event_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_event is append-only (%)', tg_op using errcode = 'P0001';
      end
      $$`.execute(db);
    await sql`
      create trigger audit_event_no_change before update or delete on audit_event
      for each row execute function audit_event_append_only()`.execute(db);
    await sql`
      create trigger audit_event_no_truncate before truncate on audit_event
      for each statement execute function audit_event_append_only()`.execute(db);
  } else {
    await sql`
      create trigger audit_event_no_update before update on audit_event
      begin select raise(abort, 'audit_event is append-only (UPDATE)'); end`.execute(db);
    await sql`
      create trigger audit_event_no_delete before delete on audit_event
      begin select raise(abort, 'audit_event is append-only (DELETE)'); end`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    await sql`drop trigger audit_event_no_truncate on audit_event`.execute(db);
    await sql`drop trigger audit_event_no_change on audit_event`.execute(db);
    await sql`drop function audit_event_append_only()`.execute(db);
  } else {
    await sql`drop trigger audit_event_no_delete`.execute(db);
    await sql`drop trigger audit_event_no_update`.execute(db);
  }
  await db.schema.dropIndex('audit_event_action_idx').execute();
  await db.schema.dropIndex('audit_event_at_idx').execute();
  await db.schema.dropIndex('audit_event_seq_key').execute();
  await db.schema.dropTable('audit_chain_head').execute();
  for (const column of ['actorRoles', 'requestId', 'hash', 'prevHash', 'seq']) {
    await db.schema.alterTable('audit_event').dropColumn(column).execute();
  }
}
