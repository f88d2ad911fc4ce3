import { json } from '@sveltejs/kit';
import { getDbIfAvailable } from '$lib/server/db';
import { checkReadiness, readinessLogger, reuseReadiness } from '$lib/server/health';
import { log } from '$lib/server/log';
import type { RequestHandler } from './$types';

const logChange = readinessLogger(log);

const currentReadiness = reuseReadiness(() => {
	const db = getDbIfAvailable();
	return db ? checkReadiness(db) : { ready: false, reason: 'database cannot be opened' };
});

/** Readiness: the database opens, reads, takes a write and has every migration applied. */
export const GET: RequestHandler = () => {
	const readiness = currentReadiness();
	logChange(readiness);
	const headers = { 'Cache-Control': 'no-store' };
	if (readiness.ready) return json({ status: 'ok' }, { headers });
	return json({ status: 'unavailable', reason: readiness.reason }, { status: 503, headers });
};
