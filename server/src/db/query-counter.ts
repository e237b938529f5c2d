import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { Database } from './database';

/** One query the database answered: its SQL text and the values bound to its placeholders. */
export interface CountedQuery {
  sql: string;
  parameters: readonly unknown[];
}

export interface QueryCounter {
  /** Attach with `db.withPlugin(counter.plugin)`; transactions begun on that handle carry it. */
  readonly plugin: KyselyPlugin;
  /** Queries answered since the last reset, in order. */
  readonly queries: readonly CountedQuery[];
  readonly count: number;
  reset(): void;
  /** The queries numbered one a line: for a failure message that shows what ran. */
  report(): string;
}

/**
 * Counts the queries a handle runs, for the query budget tests (docs/performance.md).
 *
 * A query is counted when its result comes back (`transformResult`), not when it is built:
 * `.compile()` without running (the query-plan tests) and queries that fail are not counted.
 * Transaction control (BEGIN/COMMIT) goes through the driver, not through plugins, and is not
 * counted either — a budget counts round trips for data. The SQL text is compiled from the node
 * `transformQuery` saw (keyed by the query's id), with `compile` — the plain handle's compiler —
 * so that the counter never changes the query it watches.
 */
export function createQueryCounter(db: Database): QueryCounter {
  const executor = db.getExecutor();
  const pending = new WeakMap<object, RootOperationNode>();
  let queries: CountedQuery[] = [];
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
      pending.set(queryId, node);
      return node;
    },
    async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const node = pending.get(queryId);
      // A query compiled elsewhere and run with db.executeQuery(compiled) never passed transformQuery.
      const compiled = node ? executor.compileQuery(node, queryId) : null;
      queries.push({ sql: compiled?.sql ?? '(precompiled query)', parameters: compiled?.parameters ?? [] });
      return result;
    },
  };
  return {
    plugin,
    get queries() {
      return queries;
    },
    get count() {
      return queries.length;
    },
    reset() {
      queries = [];
    },
    report() {
      return queries.map((q, i) => `${String(i + 1).padStart(3)}. ${q.sql}`).join('\n');
    },
  };
}
