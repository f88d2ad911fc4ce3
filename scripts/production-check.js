// The production install, as deploy/assemble.sh lays it out, runs on production dependencies only:
// build, assemble into an empty folder, start it, create the first coordinator, sign in with the
// second factor, take a backup, stop it cleanly, rotate the authenticator key, and sign in again
// under the new key. Run by `npm test`.
import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const step = (message) => console.log(`production check: ${message}`);
const fail = (message) => {
	throw new Error(`production check: ${message}`);
};

const freePort = () =>
	new Promise((resolve) => {
		const probe = createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
	});

/** RFC 6238 code for a base64 key, as an authenticator app computes it. */
function totp(base64Key, at = Date.now()) {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
	const mac = createHmac('sha1', Buffer.from(base64Key, 'base64')).update(counter).digest();
	const offset = mac[mac.length - 1] & 0xf;
	return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const folder = mkdtempSync(join(tmpdir(), 'checkpoint-production-'));
const databasePath = join(folder, 'data', 'checkpoint.db');
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const env = {
	PATH: process.env.PATH,
	HOME: process.env.HOME,
	NODE_ENV: 'production',
	DATABASE_PATH: databasePath,
	PORT: String(port),
	HOST: '127.0.0.1',
	ORIGIN: origin,
	TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
	REMINDERS: 'off'
};

step('building');
execFileSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
step(`assembling the production install in ${folder}`);
execFileSync('bash', ['deploy/assemble.sh', folder], { stdio: ['ignore', 'ignore', 'inherit'] });
const devOnly = ['vite', 'vitest', 'drizzle-kit', 'tsx', 'svelte'];
const stray = devOnly.filter((name) => readdirSync(join(folder, 'node_modules')).includes(name));
if (stray.length) fail(`development packages were installed: ${stray.join(', ')}`);

let output = '';
let server;
function start(environment) {
	step('starting node build/server.js');
	server = spawn('node', ['build/server.js'], { cwd: folder, env: environment });
	server.stdout.on('data', (chunk) => (output += chunk));
	server.stderr.on('data', (chunk) => (output += chunk));
	return new Promise((resolve) => server.on('exit', (code) => resolve(code)));
}

async function stop(exited) {
	step('stopping');
	server.kill('SIGTERM');
	const code = await Promise.race([
		exited,
		new Promise((r) => setTimeout(() => r('timeout'), 10_000))
	]);
	if (code !== 0) fail(`the server did not stop cleanly on SIGTERM (${code})`);
}

async function waitUntilReady() {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const status = await fetch(`${origin}/readyz`).then(
			(r) => r.status,
			() => 0
		);
		if (status === 200) return;
		if (Date.now() > deadline) fail(`/readyz answered ${status}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

const storedKey = () =>
	new Database(databasePath, { readonly: true })
		.prepare("select totp_key from user where username = 'first-coordinator'")
		.get()?.totp_key;

let exited = start(env);
try {
	const deadline = Date.now() + 30_000;
	let setupCode;
	while (!setupCode) {
		if (Date.now() > deadline) fail(`the server printed no setup code:\n${output}`);
		setupCode = output.match(/one-time code: ([0-9A-Z-]+)/)?.[1];
		await new Promise((r) => setTimeout(r, 200));
	}

	await waitUntilReady();

	const form = (body, cookie) => ({
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(body)
	});
	const passphrase = randomBytes(12).toString('base64url');
	step('creating the first coordinator');
	const setup = await fetch(
		`${origin}/setup`,
		form({
			code: setupCode,
			displayName: 'First Coordinator',
			username: 'first-coordinator',
			passphrase,
			confirmation: passphrase
		})
	);
	if (setup.status !== 303) fail(`setup answered ${setup.status}`);

	step('signing in');
	const login = await fetch(
		`${origin}/login`,
		form({ username: 'first-coordinator', password: passphrase })
	);
	const cookie = login.headers
		.getSetCookie()
		.find((c) => c.startsWith('checkpoint_session='))
		?.split(';')[0];
	if (login.status !== 303 || !cookie) fail(`sign-in answered ${login.status}`);
	const setupPage = await (await fetch(`${origin}/2fa/setup`, { headers: { cookie } })).text();
	const key = setupPage.match(/name="key" value="([^"]+)"/)?.[1];
	if (!key) fail('the authenticator set-up page showed no key');
	const confirmed = await fetch(`${origin}/2fa/setup`, form({ key, code: totp(key) }, cookie));
	if (confirmed.status !== 200) fail(`authenticator set-up answered ${confirmed.status}`);
	const overview = await fetch(`${origin}/coordinator`, {
		headers: { cookie },
		redirect: 'manual'
	});
	if (overview.status !== 200) fail(`the coordinator's overview answered ${overview.status}`);
	const sealed = storedKey();
	if (!sealed?.startsWith('aes256gcm:')) fail('the authenticator key was stored unsealed');

	step('backing up with npm run backup');
	execFileSync('npm', ['run', 'backup'], {
		cwd: folder,
		env,
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const backups = readdirSync(join(folder, 'data', 'backups'));
	if (backups.length !== 1) fail(`expected one backup, found ${backups.join(', ') || 'none'}`);
	const copy = new Database(join(folder, 'data', 'backups', backups[0]), { readonly: true });
	const coordinators = copy
		.prepare("select count(*) as n from user where role = 'coordinator'")
		.get();
	copy.close();
	if (coordinators.n !== 1) fail('the backup does not hold the coordinator');

	await stop(exited);

	step('rotating the authenticator key with npm run rotate-totp-key');
	const newKey = randomBytes(32).toString('base64');
	execFileSync('npm', ['run', 'rotate-totp-key'], {
		cwd: folder,
		env: { ...env, TOTP_ENCRYPTION_KEY_NEW: newKey },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const resealed = storedKey();
	if (!resealed?.startsWith('aes256gcm:') || resealed === sealed)
		fail('the authenticator key was not sealed again');

	exited = start({ ...env, TOTP_ENCRYPTION_KEY: newKey });
	await waitUntilReady();
	step('signing in with a code, under the new key');
	const again = await fetch(
		`${origin}/login`,
		form({ username: 'first-coordinator', password: passphrase })
	);
	const secondCookie = again.headers
		.getSetCookie()
		.find((c) => c.startsWith('checkpoint_session='))
		?.split(';')[0];
	if (again.status !== 303 || !secondCookie) fail(`sign-in answered ${again.status}`);
	// The set-up spent this time step's code; the next step's is accepted as clock drift.
	const verified = await fetch(
		`${origin}/2fa?/verify`,
		form({ code: totp(key, Date.now() + 30_000) }, secondCookie)
	);
	if (verified.status !== 303) fail(`the second factor answered ${verified.status}`);
	const afterRotation = await fetch(`${origin}/coordinator`, {
		headers: { cookie: secondCookie },
		redirect: 'manual'
	});
	if (afterRotation.status !== 200)
		fail(`after rotation the coordinator's overview answered ${afterRotation.status}`);
	await stop(exited);
	step('passed');
	rmSync(folder, { recursive: true, force: true });
} catch (error) {
	server?.kill('SIGKILL');
	console.error(error instanceof Error ? error.message : error);
	console.error(`Server output:\n${output}`);
	process.exit(1);
}
