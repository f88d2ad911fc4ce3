import { freePort, waitUntilUp } from '../../scripts/crash-test';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from './routes';

/** Plain HTTP against the test server, with the cookies and headers a test chooses. */
export const origin = `http://localhost:${process.env.TEST_PORT ?? 4173}`;
export const demoPassword = 'checkpoint-demo';
export const signInCookie = 'checkpoint_session';

/** Read-only look-ups in the test server's database (ids the tests need). */
export function lookup<T>(query: string, ...params: unknown[]): T | undefined {
	const db = new Database('./data/e2e.db', { readonly: true, fileMustExist: true });
	try {
		return db.prepare(query).get(...params) as T | undefined;
	} finally {
		db.close();
	}
}

/**
 * A session booked for one participant at a chosen time, written straight into the test server's
 * database: over HTTP a session cannot be made to have started an hour ago.
 */
export function arrangeBooking(
	participantId: string,
	navigatorId: string,
	startsAt: Date,
	mode: 'in_person' | 'phone' = 'in_person',
	remoteDetails: string | null = null
) {
	const db = new Database('./data/e2e.db', { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		const slotId = crypto.randomUUID();
		const bookingId = crypto.randomUUID();
		const secret = crypto.randomUUID();
		db.prepare(
			`insert into slot (id, navigator_id, type, title, starts_at, ends_at, mode, place, remote_details, capacity, booked_count, checkin_secret)
			 values (?, ?, 'one_to_one', 'Arranged session', ?, ?, ?, ?, ?, 1, 1, ?)`
		).run(
			slotId,
			navigatorId,
			startsAt.getTime(),
			startsAt.getTime() + 3_600_000,
			mode,
			mode === 'in_person' ? 'Room 1' : null,
			remoteDetails,
			secret
		);
		db.prepare(
			`insert into booking (id, slot_id, participant_id, booked_by, created_at) values (?, ?, ?, ?, ?)`
		).run(bookingId, slotId, participantId, participantId, Date.now());
		return { slotId, bookingId, secret };
	} finally {
		db.close();
	}
}

export function userId(username: string): string {
	const row = lookup<{ id: string }>('select id from user where username = ?', username);
	if (!row) throw new Error(`No user ${username}`);
	return row.id;
}

export function cookieFrom(response: Response): string | null {
	const set = response.headers.getSetCookie().find((c) => c.startsWith(`${signInCookie}=`));
	const value = set?.split(';')[0];
	return value && value !== `${signInCookie}=` ? value : null;
}

export async function post(
	path: string,
	fields: Record<string, string>,
	options: { cookie?: string | null; headers?: Record<string, string>; json?: boolean } = {}
) {
	return fetch(origin + path, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin,
			accept: options.json ? 'application/json' : 'text/html',
			...(options.json ? { 'x-sveltekit-action': 'true' } : {}),
			'content-type': 'application/x-www-form-urlencoded',
			...(options.cookie ? { cookie: options.cookie } : {}),
			...options.headers
		},
		body: new URLSearchParams(fields).toString()
	});
}

export async function get(
	path: string,
	cookie?: string | null,
	headers: Record<string, string> = {}
) {
	return fetch(origin + path, {
		redirect: 'manual',
		headers: { accept: 'text/html', ...(cookie ? { cookie } : {}), ...headers }
	});
}

export async function signIn(username: string, password = demoPassword, headers = {}) {
	const response = await post('/login', { username, password }, { headers });
	const cookie = cookieFrom(response);
	if (response.status !== 303 || !cookie)
		throw new Error(`Could not sign in as ${username}: ${response.status}`);
	return cookie;
}

/** Whether the request got through to the page, endpoint or action, and if not, how it was stopped. */
export type Outcome =
	| 'reached'
	| 'login'
	| 'second-factor'
	| 'elsewhere'
	| 'unauthorised'
	| 'forbidden'
	| 'not-found'
	| 'moved'
	| 'other';

function redirectedTo(location: string): Outcome {
	if (location.startsWith('/login')) return 'login';
	if (location.startsWith('/2fa')) return 'second-factor';
	return 'elsewhere';
}

export async function outcome(response: Response): Promise<Outcome> {
	const status = response.status;
	if (status === 303 || status === 302) return redirectedTo(response.headers.get('location') ?? '');
	if (status === 308) return 'moved';
	if (status === 401) return 'unauthorised';
	if (status === 403) return 'forbidden';
	if (status === 404) return 'not-found';
	const type = response.headers.get('content-type') ?? '';
	// A form post that fails validation is re-rendered with 400, and a bad body is refused with
	// 400 by the endpoint itself: either way the handler ran.
	if (!type.includes('json')) return [200, 204, 400].includes(status) ? 'reached' : 'other';
	const body = (await response.json()) as {
		type?: string;
		location?: string;
		nodes?: ({ type: string; status?: number } | null)[];
		status?: number;
	};
	// A JSON endpoint of our own (not SvelteKit's page data or action result) that answered.
	if (body === null || typeof body !== 'object' || !('type' in body))
		return status === 200 || status === 400 ? 'reached' : 'other';
	if (body.type === 'redirect') return redirectedTo(body.location ?? '');
	if (body.type === 'error') return 'other';
	const failed = body.nodes?.find((n) => n?.type === 'error');
	if (failed)
		return failed.status === 403 ? 'forbidden' : failed.status === 404 ? 'not-found' : 'other';
	if (body.type === 'success' || body.type === 'failure' || body.type === 'data') return 'reached';
	return 'other';
}

export const codePattern = /[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/;

/**
 * A brand-new account made by the coordinator, not yet activated: its username and the one-time
 * code that activates it. A participant goes on navigator1's caseload unless told otherwise.
 */
export async function newAccount(
	kind: Role,
	coordinatorCookie: string,
	displayName = `Test ${kind}`,
	navigatorId = userId('navigator1')
) {
	const username = `t-${kind.slice(0, 3)}-${Date.now() % 1e7}-${Math.floor(Math.random() * 1e4)}`;
	const response =
		kind === 'participant'
			? await post(
					'/coordinator/users?/createParticipant',
					{
						displayName,
						username,
						reference: `T-${Date.now() % 1e7}-${Math.floor(Math.random() * 1e4)}`,
						contractStart: new Date().toISOString().slice(0, 10),
						navigatorId
					},
					{ cookie: coordinatorCookie }
				)
			: await post(
					'/coordinator/users?/createStaff',
					{ displayName, username, role: kind },
					{ cookie: coordinatorCookie }
				);
	const code = (await response.text()).match(codePattern)?.[0];
	if (!code) throw new Error(`No activation code for ${username} (${response.status})`);
	return { username, code };
}

/**
 * A brand-new account made by the coordinator and activated, for tests that sign it out, change
 * its passphrase or deactivate it (the shared demo accounts are left alone). Staff still owe
 * their second factor.
 */
export async function freshAccount(
	kind: Role,
	coordinatorCookie: string,
	displayName?: string,
	navigatorId?: string
) {
	const { username, code } = await newAccount(kind, coordinatorCookie, displayName, navigatorId);
	const passphrase = 'quiet river lantern';
	const activated = await post('/activate?/activate', {
		code,
		passphrase,
		confirmation: passphrase
	});
	const cookie = cookieFrom(activated);
	if (!cookie) throw new Error(`Activation failed for ${username}: ${activated.status}`);
	return { username, passphrase, cookie, id: userId(username) };
}

/** Lets a staff account sign in without an authenticator, as the demo's staff accounts do. */
export function exemptFromSecondFactor(id: string) {
	const db = new Database('./data/e2e.db', { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		db.prepare('update user set two_factor_exempt = 1 where id = ?').run(id);
	} finally {
		db.close();
	}
}

/**
 * A second server from the same build, for a test that needs other settings or would disturb the
 * shared one: on an empty database, or on a copy of the test database.
 */
export async function startSeparateServer(
	env: Record<string, string>,
	{ copyDatabase = false } = {}
) {
	// A port of its own: two tests may each start one at the same time.
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'checkpoint-separate-'));
	const databasePath = join(dir, 'separate.db');
	if (copyDatabase) {
		const db = new Database('./data/e2e.db', { readonly: true, fileMustExist: true });
		await db.backup(databasePath);
		db.close();
	}
	const server = spawn('node', ['build/server.js'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://localhost:${port}`,
			DATABASE_PATH: databasePath,
			REMINDERS: 'off',
			...env
		},
		stdio: 'ignore'
	});
	const origin = `http://localhost:${port}`;
	await waitUntilUp(origin);
	return {
		origin,
		async stop() {
			const exited = new Promise((r) => server.once('exit', r));
			server.kill();
			await exited;
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
