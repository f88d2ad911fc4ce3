import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { demoPassword, expectAccessible, signIn } from '../e2e/helpers';
import { signInCookie, userId } from './support';

/** Where scripts/test-server.js writes everything the server prints. */
const serverLogPath = process.env.E2E_SERVER_LOG || './data/e2e-server.log';

type LogLine = Record<string, unknown> & { msg: string };

function serverLog() {
	const text = readFileSync(serverLogPath, 'utf8');
	const lines = text
		.split('\n')
		.filter((line) => line.trim())
		.map((line) => JSON.parse(line) as LogLine);
	return { text, lines };
}

async function signInCookieValue(page: Page) {
	const cookie = (await page.context().cookies()).find((c) => c.name === signInCookie);
	expect(cookie, 'sign-in cookie').toBeTruthy();
	return cookie!.value;
}

test('the server log holds a line per request and none of the secrets or personal details used', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	const run = Date.now() % 1_000_000;
	const displayName = `Marigold Quillfeather${run}`;
	const username = `logcheck${run}`;
	const programmeReference = `CP-LOG-${run}`;
	const passphrase = `amber walrus lantern ${run}`;
	const message = `Walrus parade at the quayside ${run}`;
	const wellbeingNote = `Sleeping in the van again ${run}`;
	const goodTime = `After the allotment closes ${run}`;
	const phone = `07700 900${String(run % 1000).padStart(3, '0')}`;

	await signIn(page, 'navigator1');
	const navigatorCookie = await signInCookieValue(page);
	await page.goto('/navigator/participants/new');
	// Typing before hydration finishes can be wiped when a loaded machine hydrates late.
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Name', { exact: true }).fill(displayName);
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Programme reference').fill(programmeReference);
	await page.getByLabel('Contract start date').fill(new Date().toISOString().slice(0, 10));
	await page.getByRole('button', { name: 'Enrol and get a code' }).click();
	const code = (await page.locator('.code-display').innerText()).trim();

	const participant = await (await browser.newContext()).newPage();
	await participant.goto('/activate');
	await participant.waitForLoadState('networkidle');
	await participant.getByLabel('Your code').fill(code);
	await participant.getByRole('button', { name: 'Next' }).click();
	await participant.getByLabel('Passphrase', { exact: true }).fill(passphrase);
	await participant.getByLabel('Type it again').fill(passphrase);
	await participant.getByRole('button', { name: 'Set up my account' }).click();
	await expect(participant).toHaveURL('/?welcome=1');
	const participantCookie = await signInCookieValue(participant);

	await participant.goto('/support');
	await participant.waitForLoadState('networkidle');
	await participant.getByLabel('Your message').fill(message);
	await participant.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(participant.getByRole('log').getByText(message)).toBeVisible();

	await participant.goto('/support/wellbeing');
	await participant.waitForLoadState('networkidle');
	await participant.getByLabel('Really struggling').check();
	await participant.getByLabel(/^Anything you want to tell/).fill(wellbeingNote);
	await participant.getByLabel('Yes, please call me').check();
	await participant.getByLabel(/^Your phone number/).fill(phone);
	await participant.getByLabel(/^When is a good time to call/).fill(goodTime);
	await participant.getByRole('button', { name: 'Send my check-in' }).click();
	await expect(participant.getByText('Thank you for telling us.')).toBeVisible();

	// Secrets and names in addresses: the log must name the route, never the URL.
	expect((await participant.goto(`/nowhere/${code}`))?.status()).toBe(404);
	await participant.goto(`/sessions?from=${encodeURIComponent(phone)}&who=${username}`);

	for (let i = 0; i < 3; i++) {
		expect((await participant.request.get('/healthz')).status()).toBe(200);
		expect((await participant.request.get('/readyz')).status()).toBe(200);
	}

	// A server error while signing in: a multipart body whose boundary does not match its
	// content-type cannot be parsed, so the action fails with the passphrase in the request.
	const visitor = await (await browser.newContext()).newPage();
	await visitor.route('**/login', (route) =>
		route.request().method() === 'POST'
			? route.continue({
					headers: {
						...route.request().headers(),
						'content-type': 'multipart/form-data; boundary=not-the-boundary'
					}
				})
			: route.continue()
	);
	await visitor.goto('/login');
	await visitor.waitForLoadState('networkidle');
	await visitor.getByLabel('Username').fill(username);
	await visitor.getByLabel('Passphrase').fill(passphrase);
	await visitor.getByRole('button', { name: 'Sign in' }).click();
	await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(
		'Sorry, something went wrong'
	);
	const reference = (await visitor.locator('.reference').innerText()).trim();
	expect(reference).toMatch(/^[0-9a-f-]{36}$/);
	await expectAccessible(visitor);

	await expect
		.poll(() => serverLog().lines.filter((line) => line.requestId === reference).length)
		.toBe(2);
	const { text, lines } = serverLog();

	const failure = lines.find((line) => line.requestId === reference && line.level === 'error');
	expect(failure).toMatchObject({
		msg: 'Request failed',
		route: '/login',
		status: 500,
		err: { type: 'TypeError', stack: expect.stringContaining('at ') }
	});

	const requests = lines.filter((line) => line.msg === 'request');
	for (const line of requests) {
		expect(Object.keys(line).sort(), JSON.stringify(line)).toEqual(
			expect.arrayContaining(['method', 'route', 'status', 'durationMs', 'requestId'])
		);
		expect(typeof line.durationMs).toBe('number');
		expect(line).not.toHaveProperty('url');
	}
	const participantId = userId(username);
	expect(requests).toContainEqual(
		expect.objectContaining({
			method: 'POST',
			route: '/(participant)/support',
			userId: participantId,
			role: 'participant'
		})
	);
	expect(requests).toContainEqual(
		expect.objectContaining({ method: 'GET', route: null, status: 404, userId: participantId })
	);
	expect(requests).toContainEqual(
		expect.objectContaining({ route: '/(participant)/sessions', status: 200 })
	);
	expect(requests).toContainEqual(
		expect.objectContaining({ method: 'POST', route: '/login', status: 500, requestId: reference })
	);
	expect(requests).toContainEqual(
		expect.objectContaining({ route: '/navigator/participants/new', role: 'navigator' })
	);
	expect(requests.filter((line) => line.route === '/healthz' || line.route === '/readyz')).toEqual(
		[]
	);

	const neverLogged = {
		'demo passphrase': demoPassword,
		'new passphrase': passphrase,
		'activation code': code,
		'activation code without dashes': code.replaceAll('-', ''),
		"navigator's sign-in cookie": navigatorCookie,
		"participant's sign-in cookie": participantCookie,
		'message text': message,
		'wellbeing note': wellbeingNote,
		'phone number': phone,
		'good time to call': goodTime,
		'phone number without spaces': phone.replaceAll(' ', ''),
		'display name': displayName,
		surname: `Quillfeather${run}`,
		username,
		'programme reference': programmeReference,
		"a demo participant's name": 'Jordan'
	};
	const leaked = Object.entries(neverLogged)
		.filter(([, value]) => text.includes(value))
		.map(([what]) => what);
	expect(leaked, 'found in the server log').toEqual([]);
});
