// Serves a fresh build on a fresh demo database for the browser tests. The server's output also
// goes to a file, so that tests can read what the server logged.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

const port = process.env.TEST_PORT || '4173';
const databasePath = process.env.E2E_DATABASE_PATH || './data/e2e.db';
const serverLogPath = process.env.E2E_SERVER_LOG || './data/e2e-server.log';
for (const suffix of ['', '-wal', '-shm']) rmSync(databasePath + suffix, { force: true });

const env = { ...process.env, DATABASE_PATH: databasePath };
if (!process.env.SKIP_BUILD) execFileSync('npm', ['run', 'build'], { stdio: 'inherit', env });
execFileSync('npx', ['tsx', 'scripts/seed/demo.ts', databasePath], { stdio: 'inherit', env });

// Texts and emails go to a stand-in for GOV.UK Notify; the tests read what it received.
const { startNotifyStandIn, standInEnvironment, standInPortFor } =
	await import('../tests/notify/stand-in.ts');
const notify = await startNotifyStandIn(standInPortFor(Number(port)));

mkdirSync(dirname(serverLogPath), { recursive: true });
const serverLog = createWriteStream(serverLogPath);
const server = spawn('node', ['build/server.js'], {
	stdio: ['inherit', 'pipe', 'pipe'],
	env: {
		...env,
		...standInEnvironment,
		NOTIFY_BASE_URL: notify.url,
		PORT: port,
		HOST: '127.0.0.1',
		ORIGIN: `http://localhost:${port}`
	}
});
server.stdout.on('data', (chunk) => {
	process.stdout.write(chunk);
	serverLog.write(chunk);
});
server.stderr.on('data', (chunk) => {
	process.stderr.write(chunk);
	serverLog.write(chunk);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', async (code) => {
	await notify.close();
	serverLog.end(() => process.exit(code ?? 0));
});
