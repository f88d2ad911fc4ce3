import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import {
	arrangeBooking,
	freshAccount,
	get,
	lookup,
	origin,
	post,
	signIn,
	startSeparateServer,
	userId
} from './support';

const day = 86_400_000;

test.describe('redirects after sign-in', () => {
	const tricks = [
		'/.//evil.example',
		'/x/..//evil.example',
		'/%2e//evil.example',
		'/../\\evil.example'
	];

	test('go only to a path on this site, whatever the path looks like before it is normalised', async () => {
		for (const redirectTo of tricks) {
			const signedIn = await post('/login', {
				username: 'participant2',
				password: 'checkpoint-demo',
				redirectTo
			});
			expect(signedIn.status, redirectTo).toBe(303);
			expect(signedIn.headers.get('location'), redirectTo).toMatch(/^\/(?![/\\])/);

			const cookie = await signIn('participant2');
			const again = await get(`/login?redirectTo=${encodeURIComponent(redirectTo)}`, cookie);
			expect(again.status, redirectTo).toBe(303);
			expect(again.headers.get('location'), redirectTo).toMatch(/^\/(?![/\\])/);
		}
	});
});

test.describe('reassignment', () => {
	test('ends what the former navigator could see and do with the participant’s bookings', async () => {
		const coordinator = await signIn('coordinator');
		const name = `Moved ${Date.now() % 1e7}`;
		const moved = await freshAccount('participant', coordinator, name);
		const startsAt = new Date(Date.now() + 2 * day);
		const { slotId, bookingId } = arrangeBooking(moved.id, userId('navigator1'), startsAt);

		const navigator = await signIn('navigator1');
		const week = `/navigator/schedule?week=${startsAt.toISOString().slice(0, 10)}`;
		expect(await (await get(week, navigator)).text()).toContain(name);

		const reassigned = await post(
			'/coordinator/users?/reassign',
			{ participantId: moved.id, navigatorId: userId('navigator2') },
			{ cookie: coordinator }
		);
		expect(reassigned.status).toBeLessThan(400);

		expect(await (await get(week, navigator)).text()).not.toContain(name);
		expect(await (await get(`/navigator/schedule/${slotId}`, navigator)).text()).not.toContain(
			name
		);
		await post(
			`/navigator/schedule/${slotId}?/release`,
			{ bookingId, reason: 'Not coming' },
			{ cookie: navigator }
		);
		expect(
			lookup<{ status: string }>('select status from booking where id = ?', bookingId)
		).toEqual({ status: 'booked' });
	});
});

test.describe('dates far outside the programme', () => {
	test('get a page, never a server error', async () => {
		const navigator = await signIn('navigator1');
		const coordinator = await signIn('coordinator');
		const far = [
			['/navigator/schedule?week=9999-12-31', navigator],
			['/navigator/schedule?week=0001-01-01', navigator],
			['/navigator/attendance?from=0001-01-01&to=9999-12-31', navigator],
			['/navigator/attendance?from=9999-12-31&to=0001-01-01', navigator],
			['/navigator/attendance/export.csv?from=0001-01-01&to=9999-12-31', navigator],
			['/navigator/attendance/export.csv?from=9999-12-31&to=0001-01-01', navigator],
			['/coordinator/audit?from=0001-01-01&to=9999-12-31', coordinator],
			['/coordinator/audit?from=9999-12-31&to=0001-01-01', coordinator]
		] as const;
		for (const [path, cookie] of far) {
			const response = await get(path, cookie);
			expect(response.status, path).toBeLessThan(500);
		}
	});
});

test.describe('reading messages', () => {
	test('a visit started by another site does not mark a thread read', async () => {
		const participant = await signIn('participant3');
		const body = `Cross-site read check ${Date.now()}`;
		const sent = await post(
			'/support?/send',
			{ body, clientKey: crypto.randomUUID() },
			{ cookie: participant }
		);
		expect(sent.status).toBeLessThan(400);
		const unread = () =>
			lookup<{ n: number }>(
				`select count(*) as n from message where participant_id = ? and sender_role = 'participant' and read_at is null`,
				userId('participant3')
			)!.n;
		expect(unread()).toBeGreaterThan(0);

		const navigator = await signIn('navigator1');
		const forged = await get(`/navigator/messages/${userId('participant3')}`, navigator, {
			'sec-fetch-site': 'cross-site',
			'sec-fetch-mode': 'navigate'
		});
		expect(forged.status).toBe(200);
		expect(unread()).toBeGreaterThan(0);
	});
});

test.describe('the audit log', () => {
	test('records each participant a navigator’s Today, inbox and schedule show', async () => {
		const navigator = await signIn('navigator1');
		const participant = userId('participant2');
		for (const [path, action] of [
			['/navigator', 'attendance.today.view'],
			['/navigator/messages', 'message.inbox.view'],
			['/navigator/schedule', 'schedule.view']
		] as const) {
			const before = Date.now();
			expect((await get(path, navigator)).status, path).toBe(200);
			const row = lookup(
				'select 1 from audit_log where action = ? and participant_id = ? and actor_id = ? and at >= ?',
				action,
				participant,
				userId('navigator1'),
				// A list view is logged once in 15 minutes (src/lib/server/audit.ts), so an earlier view
				// by another test may be the row that covers this one.
				before - 15 * 60_000
			);
			expect(row, path).toBeTruthy();
		}
	});

	test('cannot have a row rewritten by REPLACE', () => {
		const db = new Database('./data/e2e.db', { fileMustExist: true });
		db.pragma('busy_timeout = 5000');
		try {
			const { id } = db.prepare('select id from audit_log order by id limit 1').get() as {
				id: number;
			};
			expect(() =>
				db
					.prepare(
						`replace into audit_log (id, at, actor_id, actor_role, action) values (?, 0, 'x', 'navigator', 'forged')`
					)
					.run(id)
			).toThrow('append-only');
		} finally {
			db.close();
		}
	});

	test('search and export find an action prefix with an underscore in it', async () => {
		const coordinator = await signIn('coordinator');
		const csv = await (
			await get('/coordinator/audit/export?action=activation_code', coordinator)
		).text();
		expect(csv).toContain('activation_code.issue');
	});
});

test.describe('exports', () => {
	test('text a navigator wrote cannot start a new line in a calendar file', async () => {
		const account = await freshAccount('participant', await signIn('coordinator'));
		const { bookingId } = arrangeBooking(
			account.id,
			userId('navigator1'),
			new Date(Date.now() + 2 * day),
			'phone',
			'Ring 0191 498 0000\rURL:https://evil.example\rBEGIN:VALARM'
		);
		const ics = await (await get(`/sessions/${bookingId}/calendar.ics`, account.cookie)).text();
		expect(ics).toContain('BEGIN:VEVENT');
		expect(ics.split(/\r\n|\r|\n/).filter((l) => /^(URL|BEGIN:VALARM)/.test(l))).toEqual([]);
	});

	test('the attendance CSV neutralises a full-width formula sign', async () => {
		const name = `＝HYPERLINK("http://evil.example") ${Date.now() % 1e7}`;
		const account = await freshAccount('participant', await signIn('coordinator'), name);
		arrangeBooking(account.id, userId('navigator1'), new Date(Date.now() - day));
		const navigator = await signIn('navigator1');
		const csv = await (await get('/navigator/attendance/export.csv', navigator)).text();
		const line = csv.split('\r\n').find((l) => l.includes('evil.example'));
		expect(line).toBeTruthy();
		expect(line).not.toMatch(/(^|,)"?＝/);
	});
});

test.describe('push endpoints', () => {
	test('cannot point the server at itself or the private network', async () => {
		const account = await freshAccount('participant', await signIn('coordinator'));
		for (const endpoint of [
			'https://127.0.0.1:9443/push',
			'https://localhost/push',
			'https://[::1]/push',
			'https://10.0.0.1:22/push',
			'https://169.254.169.254/latest/meta-data'
		]) {
			const response = await fetch(`${origin}/account/reminders`, {
				method: 'POST',
				headers: { cookie: account.cookie, origin, 'content-type': 'application/json' },
				body: JSON.stringify({
					endpoint,
					keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) }
				})
			});
			expect(response.status, endpoint).toBe(400);
		}
		expect(
			lookup<{ n: number }>(
				'select count(*) as n from push_subscription where user_id = ?',
				account.id
			)!.n
		).toBe(0);
	});
});

test.describe('transport security', () => {
	test('a site served over https tells browsers to use nothing else', async () => {
		const server = await startSeparateServer({ ORIGIN: 'https://checkpoint.example' });
		try {
			const page = await fetch(`${server.origin}/login`);
			expect(page.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
			const file = await fetch(`${server.origin}/manifest.webmanifest`);
			expect(file.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
		} finally {
			await server.stop();
		}
		const plain = await get('/login');
		expect(plain.headers.get('strict-transport-security')).toBeNull();
	});
});

test.describe('sign-in from a shared address', () => {
	test('made-up usernames from one address do not lock out someone with the right passphrase', async () => {
		// Its own server: filling the shared test server's address limit would upset other tests.
		const server = await startSeparateServer({}, { copyDatabase: true });
		try {
			const signInThere = (username: string, password: string) =>
				fetch(`${server.origin}/login`, {
					method: 'POST',
					redirect: 'manual',
					headers: {
						origin: server.origin,
						accept: 'text/html',
						'content-type': 'application/x-www-form-urlencoded'
					},
					body: new URLSearchParams({ username, password }).toString()
				});
			for (let i = 0; i < 55; i++) await signInThere(`made-up-${i}`, 'guess');
			expect((await signInThere('participant4', 'wrong guess')).status).toBe(429);
			const right = await signInThere('participant4', 'checkpoint-demo');
			expect(right.status).toBe(303);
			expect(right.headers.get('set-cookie')).toContain('checkpoint_session=');
		} finally {
			await server.stop();
		}
	});
});

test.describe('enrolling', () => {
	test('does not tell a navigator which usernames or other caseloads’ references exist', async () => {
		const navigator = await signIn('navigator2');
		const reference = lookup<{ reference: string }>(
			'select reference from participant where user_id = ?',
			userId('participant1')
		)!.reference;
		const response = await post(
			'/navigator/participants/new',
			{
				displayName: 'New person',
				username: 'participant1',
				reference,
				contractStart: new Date().toISOString().slice(0, 10)
			},
			{ cookie: navigator }
		);
		const page = await response.text();
		expect(response.status).toBe(400);
		expect(page).toContain('Choose another username.');
		expect(page).not.toMatch(/already in use|already has/);
	});
});
