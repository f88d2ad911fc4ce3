import { sql } from 'drizzle-orm';
import type { Db } from './open';

/**
 * Builds a query once per database and keeps it prepared, so a busy page runs its SQL without
 * Drizzle building it again on every request. Values that change go in as `bound(name)`;
 * placeholders skip Drizzle's column mapping, so pass what the column stores (milliseconds for
 * timestamps).
 */
export function preparedQuery<Query, On extends Db = Db>(
	build: (db: On) => Query
): (db: On) => Query {
	const oneShape = preparedQueryByShape(build);
	return (db) => oneShape(db, '');
}

/**
 * As `preparedQuery`, for a query whose shape varies (which optional filters are set): one
 * prepared query per database and shape.
 */
export function preparedQueryByShape<Query, On extends Db = Db>(
	build: (db: On, shape: string) => Query
): (db: On, shape: string) => Query {
	const byDatabase = new WeakMap<On, Map<string, Query>>();
	return (db, shape) => {
		let shapes = byDatabase.get(db);
		if (!shapes) {
			shapes = new Map();
			byDatabase.set(db, shapes);
		}
		let query = shapes.get(shape);
		if (query === undefined) {
			query = build(db, shape);
			shapes.set(shape, query);
		}
		return query;
	};
}

/**
 * A value given when a prepared query runs: `sql.placeholder(name)`, written `+?` in the SQL.
 *
 * SQLite's planner guesses how many rows `column = ?` keeps from the value bound when it plans
 * a join, a sort or a min()/max() (a 0 or 1 looks like a flag), and so asks to be planned again
 * when that value is bound anew. better-sqlite3 clears a statement's values after every run,
 * so such a statement was compiled again on every call: a "prepared" query was built from
 * scratch each time, 20 to 60 µs for the caseload's small queries before it read a row. `+?`
 * is the same value and uses the same index, but the planner does not look into it. Literal
 * values (a status, a flag) are better written into the SQL itself, as the schema's indexes are.
 */
export const bound = (name: string) => sql`+${sql.placeholder(name)}`;
