import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Liveness: the process answers. Nothing else is checked, so a probe never restarts it for a database fault. */
export const GET: RequestHandler = () =>
	json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
