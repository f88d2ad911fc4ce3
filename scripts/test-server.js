// Serves a fresh build on a fresh demo database for the browser tests.
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

const port = process.env.TEST_PORT || '4173';
const databasePath = process.env.E2E_DATABASE_PATH || './data/e2e.db';
for (const suffix of ['', '-wal', '-shm']) rmSync(databasePath + suffix, { force: true });

const env = { ...process.env, DATABASE_PATH: databasePath };
if (!process.env.SKIP_BUILD) execFileSync('npm', ['run', 'build'], { stdio: 'inherit', env });
execFileSync('npx', ['tsx', 'scripts/seed/demo.ts', databasePath], { stdio: 'inherit', env });

// Texts and emails go to a stand-in for GOV.UK Notify; the tests read what it received.
const { startNotifyStandIn, standInEnvironment, standInPortFor } =
	await import('../tests/notify/stand-in.ts');
const notify = await startNotifyStandIn(standInPortFor(Number(port)));

const server = spawn('node', ['build/server.js'], {
	stdio: 'inherit',
	env: {
		...env,
		...standInEnvironment,
		NOTIFY_BASE_URL: notify.url,
		PORT: port,
		HOST: '127.0.0.1',
		ORIGIN: `http://localhost:${port}`
	}
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', async (code) => {
	await notify.close();
	process.exit(code ?? 0);
});
