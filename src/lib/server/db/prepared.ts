import type { Db } from './open';

/**
 * Builds a query once per database and keeps it prepared, so a busy page runs its SQL without
 * Drizzle building it again on every request. Values that change go in as
 * `sql.placeholder(name)`; placeholders skip Drizzle's column mapping, so pass what the column
 * stores (milliseconds for timestamps).
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
