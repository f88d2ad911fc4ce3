/**
 * Crash safety: starts the built server on a fresh demo database, drives a burst of writes over
 * HTTP, kills the server with SIGKILL mid-burst, restarts it, and checks that the database passes
 * `PRAGMA integrity_check` and holds every write the server acknowledged.
 * Usage: npm run build && npm run crash-test
 *
 * The burst mixes account creation, enrolment, bookings and check-ins; a new kind of write joins
 * it by adding a BurstWriter to `burstWriters`.
 */
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../src/lib/server/db/open';
import * as table from '../src/lib/server/db/schema';
import { demoPassword, seedDemo } from './seed/demo';

export type Client = {
	origin: string;
	/** Sign-in cookies of the demo accounts, signed in before the burst. */
	cookies: Record<string, string>;
	ids: Map<string, string>;
	/** Open sessions made for the burst: future ones to book, and remote ones open now. */
	bookableSlots: string[];
	checkInBookings: string[];
};

const burstSize = 400;
const hour = 3_600_000;

/** Sessions for the burst, straight into the database before the server starts. */
function prepareBurstSessions(db: Db, ids: Map<string, string>, now = new Date()) {
	const navigatorId = ids.get('navigator1')!;
	const participantId = ids.get('participant1')!;
	const slot = (startsAt: Date, mode: 'in_person' | 'phone') => {
		const id = crypto.randomUUID();
		db.insert(table.slot)
			.values({
				id,
				navigatorId,
				type: 'one_to_one',
				title: 'Crash test',
				startsAt,
				endsAt: new Date(startsAt.getTime() + hour / 2),
				mode,
				place: mode === 'in_person' ? '1 Test Street' : null,
				remoteDetails: mode === 'phone' ? 'We will call you' : null,
				capacity: 1,
				checkinSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
			})
			.run();
		return id;
	};
	const firstStart = now.getTime() + 3 * hour;
	const bookableSlots = Array.from({ length: burstSize }, (_, i) =>
		slot(new Date(firstStart + i * hour), 'in_person')
	);
	const checkInBookings = Array.from({ length: burstSize }, () => {
		const slotId = slot(new Date(now.getTime() + 5 * 60_000), 'phone');
		const bookingId = crypto.randomUUID();
		db.update(table.slot).set({ bookedCount: 1 }).where(eq(table.slot.id, slotId)).run();
		db.insert(table.booking)
			.values({ id: bookingId, slotId, participantId, bookedBy: participantId })
			.run();
		return bookingId;
	});
	return { bookableSlots, checkInBookings };
}

export type BurstWriter = {
	name: string;
	/** Sends write number i; resolves to a key for the stored row if the server acknowledged it. */
	send: (client: Client, i: number) => Promise<string | null>;
	/** Whether the row with that key is in the database. */
	isStored: (db: Database.Database, key: string) => boolean;
};

/**
 * Posts to a form action the way an enhanced form does; true if the action succeeded (`success`,
 * or `redirect` for actions that end on another page, such as booking).
 */
export async function postAction(
	client: Client,
	account: string,
	path: string,
	fields: Record<string, string>,
	succeeded: 'success' | 'redirect' = 'success'
) {
	const response = await fetch(client.origin + path, {
		method: 'POST',
		headers: {
			origin: client.origin,
			cookie: client.cookies[account],
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields).toString()
	});
	if (!response.ok) return false;
	const result = (await response.json()) as { type: string };
	return result.type === succeeded;
}

const run = `${process.pid}-${Date.now() % 100000}`;

export const burstWriters: BurstWriter[] = [
	{
		name: 'staff account created by the coordinator',
		async send(client, i) {
			const username = `crash-staff-${run}-${i}`;
			const ok = await postAction(client, 'coordinator', '/coordinator/users?/createStaff', {
				displayName: `Crash Staff ${i}`,
				username,
				role: 'navigator'
			});
			return ok ? username : null;
		},
		isStored: (db, username) => !!db.prepare('select 1 from user where username = ?').get(username)
	},
	{
		name: 'participant enrolled by a navigator',
		async send(client, i) {
			const username = `crash-part-${run}-${i}`;
			const ok = await postAction(client, 'navigator1', '/navigator/participants/new', {
				displayName: `Crash Participant ${i}`,
				username,
				reference: `CRASH-${run}-${i}`,
				contractStart: new Date().toISOString().slice(0, 10)
			});
			return ok ? username : null;
		},
		isStored: (db, username) =>
			!!db
				.prepare(
					'select 1 from user join participant on participant.user_id = user.id where username = ?'
				)
				.get(username)
	},
	{
		name: 'session booked by a participant',
		async send(client, i) {
			const slotId = client.bookableSlots[i % burstSize];
			const ok = await postAction(
				client,
				'participant1',
				'/sessions/book?/book',
				{ slotId },
				'redirect'
			);
			return ok ? slotId : null;
		},
		isStored: (db, slotId) =>
			!!db
				.prepare(
					"select 1 from booking join slot on slot.id = booking.slot_id where slot_id = ? and booking.status = 'booked' and slot.booked_count = 1"
				)
				.get(slotId)
	},
	{
		name: 'remote check-in by a participant',
		async send(client, i) {
			const bookingId = client.checkInBookings[i % burstSize];
			const ok = await postAction(client, 'participant1', '/check-in?/remote', { bookingId });
			return ok ? bookingId : null;
		},
		isStored: (db, bookingId) =>
			!!db
				.prepare('select 1 from booking where id = ? and checked_in_at is not null')
				.get(bookingId)
	}
];

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address
					? resolve(address.port)
					: reject(new Error('no port'))
			);
		});
	});
}

/** The built server, in a process group of its own, so that a kill reaches it and anything it starts. */
export function startServer(databasePath: string, port: number): ChildProcess {
	return spawn('node', ['build/server.js'], {
		detached: true,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...process.env,
			DATABASE_PATH: databasePath,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://localhost:${port}`
		}
	});
}

export async function waitUntilUp(origin: string, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		try {
			if ((await fetch(origin + '/login')).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`The server at ${origin} did not start`);
}

export async function signIn(origin: string, username: string) {
	const response = await fetch(origin + '/login', {
		method: 'POST',
		redirect: 'manual',
		headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ username, password: demoPassword }).toString()
	});
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('checkpoint_session='));
	if (response.status !== 303 || !cookie) throw new Error(`Could not sign in as ${username}`);
	return cookie.split(';')[0];
}

export function signalEveryProcess(server: ChildProcess, signal: NodeJS.Signals) {
	process.kill(-server.pid!, signal);
}

export function stopped(child: ChildProcess) {
	return new Promise<void>((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) resolve();
		else child.once('exit', () => resolve());
	});
}

/** A demo database with sessions for the burst, served by the built server once it answers. */
export async function seedForBurst(databasePath: string, port: number) {
	const seeded = openDatabase(databasePath);
	const ids = await seedDemo(seeded);
	const burstSessions = prepareBurstSessions(seeded, ids);
	seeded.$client.close();
	const server = Object.assign(startServer(databasePath, port), { ids, burstSessions });
	try {
		await waitUntilUp(`http://localhost:${port}`);
	} catch (error) {
		signalEveryProcess(server, 'SIGKILL');
		throw error;
	}
	return server;
}

/** The accounts the burst writes as, signed in through the real form. */
export async function signInForBurst(
	origin: string,
	ids: Client['ids'],
	burstSessions: Pick<Client, 'bookableSlots' | 'checkInBookings'>
): Promise<Client> {
	return {
		origin,
		ids,
		...burstSessions,
		cookies: {
			coordinator: await signIn(origin, 'coordinator'),
			navigator1: await signIn(origin, 'navigator1'),
			participant1: await signIn(origin, 'participant1')
		}
	};
}

export type CrashReport = {
	acknowledged: number;
	/** Acknowledged writes per kind, so a kind that never succeeds is noticed. */
	byWriter: Record<string, number>;
	lost: string[];
	integrity: string;
	killedAfterMs: number;
};

/** One crash: burst, SIGKILL once `killAfterAcks` writes are acknowledged, restart, check. */
export async function crashTest(options: { killAfterAcks?: number; inFlight?: number } = {}) {
	const killAfterAcks = options.killAfterAcks ?? 120;
	const inFlight = options.inFlight ?? 8;
	const dir = mkdtempSync(join(tmpdir(), 'checkpoint-crash-'));
	const databasePath = join(dir, 'crash.db');
	const port = await freePort();
	const origin = `http://localhost:${port}`;
	const first = await seedForBurst(databasePath, port);
	let server: ChildProcess = first;
	try {
		const client = await signInForBurst(origin, first.ids, first.burstSessions);

		const acknowledged: { writer: BurstWriter; key: string }[] = [];
		let next = 0;
		let killed = false;
		const started = Date.now();
		let killedAt = 0;
		const worker = async () => {
			while (!killed) {
				const i = next++;
				const writer = burstWriters[i % burstWriters.length];
				try {
					const key = await writer.send(client, i);
					if (key) acknowledged.push({ writer, key });
				} catch {
					// The connection died with the server: not acknowledged.
				}
				if (!killed && acknowledged.length >= killAfterAcks) {
					killed = true;
					killedAt = Date.now() - started;
					signalEveryProcess(server, 'SIGKILL');
				}
			}
		};
		await Promise.all(Array.from({ length: inFlight }, worker));
		await stopped(server);

		server = startServer(databasePath, port);
		await waitUntilUp(origin);
		signalEveryProcess(server, 'SIGTERM');
		await stopped(server);

		const db = new Database(databasePath);
		const integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
			.map((r) => r.integrity_check)
			.join('\n');
		const lost = acknowledged
			.filter(({ writer, key }) => !writer.isStored(db, key))
			.map(({ writer, key }) => `${writer.name}: ${key}`);
		db.close();
		const byWriter = Object.fromEntries(burstWriters.map((w) => [w.name, 0]));
		for (const { writer } of acknowledged) byWriter[writer.name] += 1;
		return {
			acknowledged: acknowledged.length,
			byWriter,
			lost,
			integrity,
			killedAfterMs: killedAt
		} satisfies CrashReport;
	} finally {
		if (server.exitCode === null && server.signalCode === null)
			signalEveryProcess(server, 'SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	}
}

if (process.argv[1]?.endsWith('crash-test.ts')) {
	const report = await crashTest();
	console.log(
		`Killed after ${report.killedAfterMs} ms with ${report.acknowledged} acknowledged writes. ` +
			`integrity_check: ${report.integrity}. Lost: ${report.lost.length}.`
	);
	for (const [name, count] of Object.entries(report.byWriter)) console.log(`  ${count} × ${name}`);
	for (const line of report.lost) console.log(`  lost ${line}`);
	process.exit(report.integrity === 'ok' && report.lost.length === 0 ? 0 : 1);
}
