import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, signalEveryProcess, stopped } from '../../scripts/crash-test';

async function probe(origin: string, path: '/healthz' | '/readyz') {
	const response = await fetch(origin + path, {
		// A browser that once signed in would send its cookie: the probe must not care.
		headers: { cookie: 'checkpoint_session=left-over-from-earlier' }
	});
	return {
		status: response.status,
		body: await response.json(),
		noStore: response.headers.get('cache-control')?.includes('no-store'),
		setsCookie: response.headers.getSetCookie().length > 0
	};
}

test('without a database the server still answers: alive but not ready, until the database can be opened', async () => {
	test.setTimeout(90_000);
	const dir = mkdtempSync(join(tmpdir(), 'checkpoint-health-'));
	// A file where the database's folder should be: the folder cannot be created.
	const blocker = join(dir, 'data');
	writeFileSync(blocker, '');
	const port = await freePort();
	const origin = `http://localhost:${port}`;
	let output = '';
	const server = spawn('node', ['build/server.js'], {
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			DATABASE_PATH: join(blocker, 'checkpoint.db'),
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			REMINDERS: 'off',
			// Quieter than the default: the first-run code must be printed all the same.
			LOG_LEVEL: 'error'
		}
	});
	server.stdout.on('data', (chunk) => (output += chunk));
	server.stderr.on('data', (chunk) => (output += chunk));
	try {
		await expect
			.poll(() => probe(origin, '/healthz').catch(() => null), { timeout: 30_000 })
			.toEqual({
				status: 200,
				body: { status: 'ok' },
				noStore: true,
				setsCookie: false
			});
		expect(await probe(origin, '/readyz')).toEqual({
			status: 503,
			body: { status: 'unavailable', reason: 'database cannot be opened' },
			noStore: true,
			setsCookie: false
		});
		expect(output).toContain('The database cannot be opened');
		expect(output).not.toContain('one-time code');

		// People are told it is not their fault and to come back, not shown a server error.
		const signingIn = await fetch(origin + '/login', {
			method: 'POST',
			headers: {
				origin,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: 'username=participant1&password=checkpoint-demo'
		});
		expect(signingIn.status).toBe(503);
		expect(await signingIn.text()).toContain('Checkpoint is not available just now');
		const signedIn = await fetch(origin + '/', {
			headers: { accept: 'text/html', cookie: 'checkpoint_session=a.b' }
		});
		expect(signedIn.status).toBe(503);
		// Signed in, the page cannot know whether discreet mode is on: it does not name the app.
		const outagePage = await signedIn.text();
		expect(outagePage).toContain('This app is not available just now.');
		expect(outagePage).not.toMatch(/checkpoint/i);
		// Signing out still works: a shared phone must not stay signed in until the database is back.
		const signingOut = await fetch(origin + '/logout', {
			method: 'POST',
			redirect: 'manual',
			headers: { origin, cookie: 'checkpoint_session=a.b' }
		});
		expect(signingOut.status).toBe(303);
		expect(signingOut.headers.get('location')).toBe('/login?signedOut=1');
		expect(signingOut.headers.get('clear-site-data')).toBe('"cache", "storage"');
		expect(signingOut.headers.getSetCookie().join()).toMatch(/checkpoint_session=;.*Max-Age=0/i);
		expect((await fetch(origin + '/help')).status).toBe(200);
		expect(output).not.toContain('Request failed');

		rmSync(blocker);
		// Nothing asks for the database now: the server's own retry opens it, and the start-up
		// jobs run then: a new database offers the first-run code, once, on a line marked as the
		// one secret the log may carry.
		await expect.poll(() => output, { timeout: 15_000 }).toContain('one-time code');
		// The probe's answer is reused for a few seconds, so the 503 above may be given once more.
		await expect
			.poll(() => probe(origin, '/readyz'), { timeout: 15_000 })
			.toMatchObject({ status: 200, body: { status: 'ok' } });
		expect(await probe(origin, '/healthz')).toMatchObject({ status: 200 });
		const audited = new Database(join(blocker, 'checkpoint.db'), { readonly: true });
		expect(audited.prepare('select count(*) from audit_log').pluck().get()).toBe(0);
		audited.close();
		expect(output.match(/one-time code: [0-9A-Z-]+/g)).toHaveLength(1);
		const setupLine = JSON.parse(
			output.split('\n').find((line) => line.includes('one-time code'))!
		);
		expect(setupLine).toMatchObject({ level: 'warn', oneTimeSetupCode: true });
	} finally {
		signalEveryProcess(server, 'SIGTERM');
		await stopped(server);
		rmSync(dir, { recursive: true, force: true });
	}
});
