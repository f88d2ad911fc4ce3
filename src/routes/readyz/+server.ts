import { json } from '@sveltejs/kit';
import { getDbIfAvailable } from '$lib/server/db';
import { checkReadiness } from '$lib/server/health';
import type { RequestHandler } from './$types';

/** Readiness: the database opens, reads, takes a write and has every migration applied. */
export const GET: RequestHandler = () => {
	const db = getDbIfAvailable();
	const readiness = db ? checkReadiness(db) : { ready: false, reason: 'database cannot be opened' };
	const headers = { 'Cache-Control': 'no-store' };
	if (readiness.ready) return json({ status: 'ok' }, { headers });
	return json({ status: 'unavailable', reason: readiness.reason }, { status: 503, headers });
};
