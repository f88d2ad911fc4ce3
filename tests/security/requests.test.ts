import { expect, test } from '@playwright/test';
import { arrangeFixtures, fill } from './matrix-fixtures';
import { parseHandlerKey } from './route-inventory';
import { matrix, prerenderedPages, publicPages } from './routes';
import { cookieFrom, get, lookup, origin, post, signIn, userId } from './support';

test.describe('cross-site requests', () => {
	const formTypes = [
		'application/x-www-form-urlencoded',
		'multipart/form-data; boundary=x',
		'text/plain'
	];

	test('form posts from another site, or with no Origin, are refused and change nothing', async () => {
		const coordinator = await signIn('coordinator');
		const username = `csrf-${Date.now() % 1e7}`;
		const body = new URLSearchParams({ displayName: 'Forged', username, role: 'coordinator' });
		for (const type of formTypes) {
			for (const headers of [{ origin: 'http://evil.example' }, {}, { origin: 'null' }] as Record<
				string,
				string
			>[]) {
				const response = await fetch(`${origin}/coordinator/users?/createStaff`, {
					method: 'POST',
					redirect: 'manual',
					headers: { cookie: coordinator, 'content-type': type, ...headers },
					body: body.toString()
				});
				expect(response.status, `${type} ${JSON.stringify(headers)}`).toBe(403);
			}
		}
		expect(lookup('select 1 from user where username = ?', username)).toBeUndefined();
	});

	test('JSON and other bodies from another site, or with no Origin, are refused', async () => {
		const participant = await signIn('participant1');
		for (const headers of [
			{ origin: 'http://evil.example' },
			{},
			{ 'sec-fetch-site': 'cross-site' },
			{ origin: 'http://evil.example', 'sec-fetch-site': 'same-origin' }
		] as Record<string, string>[]) {
			for (const [path, method] of [
				...['POST', 'PUT', 'PATCH', 'DELETE'].map((method) => ['/logout', method]),
				['/account/reminders', 'POST'],
				['/account/reminders', 'DELETE']
			]) {
				const response = await fetch(`${origin}${path}`, {
					method,
					redirect: 'manual',
					headers: { cookie: participant, 'content-type': 'application/json', ...headers },
					body: JSON.stringify({
						endpoint: 'https://push.example/forged',
						keys: { p256dh: 'x', auth: 'y' }
					})
				});
				expect(response.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(403);
			}
		}
		expect(
			lookup('select 1 from push_subscription where endpoint = ?', 'https://push.example/forged')
		).toBeUndefined();
		// The sign-in survived every forged sign-out.
		expect((await get('/account', participant)).status).toBe(200);
	});
});

test('bodies over the limit get 413', async () => {
	const response = await fetch(`${origin}/login`, {
		method: 'POST',
		headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
		body: 'username=x&password=' + 'a'.repeat(600 * 1024)
	});
	expect(response.status).toBe(413);
});

test.describe('sign-in answers', () => {
	test('an unknown user and a wrong passphrase get the same answer', async () => {
		const texts: string[] = [];
		for (const username of ['participant6', 'no-such-person']) {
			const response = await post('/login', { username, password: 'not the passphrase' });
			expect(response.status).toBe(400);
			const page = (await response.text()).replaceAll(username, 'USERNAME');
			texts.push(page.replace(/nonce="[^"]*"/g, 'nonce=""'));
		}
		expect(texts[0]).toBe(texts[1]);
	});

	test('X-Forwarded-For does not reset the throttle when no proxy is configured', async () => {
		const username = `xff-probe-${Date.now() % 1e7}`;
		let last: Response | undefined;
		for (let i = 0; i < 7; i++) {
			last = await post(
				'/login',
				{ username, password: `guess-${i}` },
				{
					headers: {
						'x-forwarded-for': `203.0.113.${i}`,
						'x-real-ip': `198.51.100.${i}`,
						forwarded: `for=192.0.2.${i}`
					}
				}
			);
		}
		expect(last!.status).toBe(429);
	});

	test('guesses each on a new connection are counted together', async () => {
		const username = `spread-probe-${Date.now() % 1e7}`;
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) {
			const response = await post(
				'/login',
				{ username, password: `guess-${i}` },
				{ headers: { connection: 'close' } }
			);
			statuses.push(response.status);
		}
		expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
	});
});

test.describe('extra form fields are ignored', () => {
	test('a navigator cannot put a new participant on another caseload', async () => {
		const navigator = await signIn('navigator1');
		const username = `extra-${Date.now() % 1e7}`;
		const response = await post(
			'/navigator/participants/new',
			{
				displayName: 'Extra Fields',
				username,
				reference: `EX-${Date.now() % 1e7}`,
				contractStart: new Date().toISOString().slice(0, 10),
				navigatorId: userId('navigator2'),
				role: 'coordinator',
				participantId: userId('participant5')
			},
			{ cookie: navigator }
		);
		expect(response.status).toBe(200);
		const row = lookup<{ role: string; navigatorId: string }>(
			`select role, navigator_id as navigatorId from user join participant on user_id = id
			 where username = ?`,
			username
		);
		expect(row).toEqual({ role: 'participant', navigatorId: userId('navigator1') });
	});

	test('sign-in and passphrase forms take no role, user or participant from the form', async () => {
		const cookie = cookieFrom(
			await post('/login', {
				username: 'participant2',
				password: 'checkpoint-demo',
				role: 'coordinator',
				userId: userId('coordinator')
			})
		);
		expect((await get('/coordinator', cookie)).status).toBe(403);
		const response = await post(
			'/account?/passphrase',
			{ userId: userId('participant3'), participantId: userId('participant3'), current: 'x' },
			{ cookie }
		);
		expect(response.status).toBe(400);
		expect((await get('/account', cookie)).status).toBe(200);
	});
});

test.describe('security headers', () => {
	const common = {
		'x-content-type-options': 'nosniff',
		'x-frame-options': 'DENY',
		'referrer-policy': 'same-origin',
		'cross-origin-opener-policy': 'same-origin'
	};

	function check(path: string, response: Response, signedIn: boolean) {
		const problems: string[] = [];
		for (const [name, value] of Object.entries(common))
			if (response.headers.get(name) !== value) problems.push(`${path}: ${name}`);
		if (!response.headers.get('permissions-policy')?.includes('camera=()'))
			problems.push(`${path}: permissions-policy`);
		const type = response.headers.get('content-type') ?? '';
		if (type.includes('text/html')) {
			const csp = response.headers.get('content-security-policy') ?? '';
			for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"])
				if (!csp.includes(directive)) problems.push(`${path}: CSP ${directive}`);
		}
		if (signedIn && response.headers.get('cache-control') !== 'private, no-store')
			problems.push(`${path}: cache-control`);
		return problems;
	}

	test('every page carries them', async () => {
		const problems: string[] = [];
		for (const path of publicPages) problems.push(...check(path, await get(path), false));
		const fixtures = await arrangeFixtures();
		for (const [key, entry] of Object.entries(matrix)) {
			const { kind, path: written } = parseHandlerKey(key);
			if ((kind !== 'page' && kind !== 'GET') || !Array.isArray(entry.access)) continue;
			const path = fill(written, await fixtures.values([written]));
			for (const role of entry.access) {
				const response = await get(path, fixtures.cookie(role));
				expect(response.status, `${role} ${path}`).toBe(entry.answer === 'moved' ? 308 : 200);
				problems.push(...check(`${role} ${path}`, response, true));
			}
		}
		problems.push(...check('404', await get('/no-such-page'), false));
		expect(problems).toEqual([]);
	});

	test('prerendered pages and static files carry them too, and stay static', async () => {
		const problems: string[] = [];
		for (const path of prerenderedPages) {
			const response = await get(path);
			expect(response.status, path).toBe(200);
			problems.push(...check(path, response, false));
			const html = await response.text();
			expect(html, path).not.toMatch(/<script|<form|<iframe/i);
		}
		for (const path of ['/sw.js', '/manifest.webmanifest', '/icons/icon-192.png']) {
			problems.push(...check(path, await get(path), false));
		}
		expect(problems).toEqual([]);
	});
});
