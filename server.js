// Production entry point: adapter-node's handler, behind the headers every response must carry,
// in one process per core (WORKERS) so that a busy page does not hold up everyone else's.
// Settings as adapter-node: PORT (3000), HOST (0.0.0.0), ORIGIN, etc.
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
// A ceiling, so that a mistyped WORKERS fails here instead of forking hundreds of processes.
const maxWorkers = 64;
const workersSetting = process.env.WORKERS || String(Math.min(availableParallelism(), maxWorkers));

if (!/^[1-9]\d*$/.test(workersSetting) || Number(workersSetting) > maxWorkers) {
	console.error(
		`WORKERS must be a whole number of processes from 1 to ${maxWorkers} (it is "${workersSetting}").`
	);
	process.exit(1);
}
const workers = Number(workersSetting);

if (cluster.isPrimary && workers > 1) superviseWorkers(workers);
else await serve();

async function serve() {
	// A lone process has no other to leave the start-up jobs or the log copying to, whatever the
	// environment says.
	if (cluster.isPrimary) {
		delete process.env.START_UP_JOBS;
		delete process.env.WAL_CHECKPOINTS;
	}
	// adapter-node serves static files and prerendered pages before SvelteKit's hooks run, so the
	// headers are set here too.
	const { handler } = await import('./build/handler.js');
	const { securityHeaders, staticContentSecurityPolicy } =
		await import('./src/lib/server/security-headers.js');

	const server = createServer((req, res) => {
		for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
		// SvelteKit replaces this with the page's full policy on every response it renders.
		res.setHeader('Content-Security-Policy', staticContentSecurityPolicy);
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	});

	server.listen(port, host, () => {
		if (cluster.isPrimary) console.log(`Listening on http://${host}:${port}`);
	});

	const shutDown = () => {
		server.close(() => process.exit(0));
		server.closeIdleConnections();
		// Requests were still open after 5 s and have been cut off: not a clean stop.
		setTimeout(() => process.exit(1), 5000).unref();
	};
	process.on('SIGTERM', shutDown);
	process.on('SIGINT', shutDown);
}

/**
 * Starts `count` server processes sharing the port. The first one migrates the database and runs
 * the start-up jobs (first-run code, schedulers); the others start only once it listens, so no two
 * migrate at once. This process then copies the database's write-ahead log back for them all (see
 * src/lib/server/db/wal-checkpoints.js). If the first stops before it listens, the server stops:
 * nothing is serving yet, and starting it again would fail the same way. Once one listens, any
 * process that stops is replaced, after 1 s, doubling each time the replacement stops in turn up
 * to 30 s, so that one that cannot start or keeps crashing does not spin; a process that ran for a
 * minute starts the wait again from 1 s.
 */
function superviseWorkers(count) {
	const firstRestartDelay = 1000;
	const maxRestartDelay = 30_000;
	const settledAfter = 60_000;
	let stopping = false;
	let serving = false;
	let listening = 0;
	let announced = false;

	const start = (env, restartDelay = firstRestartDelay) => {
		// Told to stop while the first process started or a replacement waited: fork nothing more.
		if (stopping) return;
		const worker = cluster.fork(env);
		const startedAt = Date.now();
		let started = false;
		worker.once('listening', () => {
			started = true;
			serving = true;
			listening += 1;
			if (listening === count && !announced) {
				announced = true;
				console.log(`Listening on http://${host}:${port} (${count} processes)`);
			}
		});
		worker.on('exit', (code, signal) => {
			if (started) listening -= 1;
			if (stopping) return;
			const how = signal ?? `exit ${code}`;
			if (!serving) {
				console.error(`A server process stopped while starting (${how}).`);
				stopAll(1);
				return;
			}
			const delay = Date.now() - startedAt >= settledAfter ? firstRestartDelay : restartDelay;
			console.error(`A server process stopped (${how}); starting another in ${delay / 1000} s.`);
			setTimeout(() => start(env, Math.min(delay * 2, maxRestartDelay)), delay);
		});
		return worker;
	};

	let walCheckpoints;

	const stopAll = (exitCode) => {
		if (stopping) return;
		stopping = true;
		walCheckpoints?.stop();
		// Should the primary run out of things to wait for before the check below sees the last
		// process go, it still exits with this code.
		process.exitCode = exitCode;
		for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
		// A process leaves cluster.workers at the later of its 'exit' and 'disconnect'.
		const exitOnceAllStopped = () => {
			if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
		};
		cluster.on('exit', exitOnceAllStopped);
		cluster.on('disconnect', exitOnceAllStopped);
		exitOnceAllStopped();
		setTimeout(() => process.exit(exitCode), 10_000).unref();
	};

	const everyProcess = { WAL_CHECKPOINTS: 'elsewhere' };
	start({ ...everyProcess, START_UP_JOBS: 'here' }).once('listening', () => {
		for (let i = 1; i < count; i++) start({ ...everyProcess, START_UP_JOBS: 'elsewhere' });
		startCopyingTheLog().then((started) => {
			walCheckpoints = started;
			if (stopping) walCheckpoints?.stop();
		});
	});

	process.on('SIGTERM', () => stopAll(0));
	process.on('SIGINT', () => stopAll(0));
}

/**
 * Starts copying the log back, once the first process has created and migrated the database. While
 * it fails, the server processes copy the log back themselves past their backstop.
 */
async function startCopyingTheLog() {
	const fallback = 'the server processes will copy it back themselves once it is about 40 MB';
	try {
		const { defaultDatabasePath, startWalCheckpoints } =
			await import('./src/lib/server/db/wal-checkpoints.js');
		return startWalCheckpoints(process.env.DATABASE_PATH || defaultDatabasePath, {
			onError: (error) =>
				console.error(
					`Copying the database's write-ahead log back failed (${error}); ${fallback}.`
				),
			onRecovered: () => console.log("Copying the database's write-ahead log back works again.")
		});
	} catch (error) {
		console.error(
			`Copying the database's write-ahead log back could not start (${error}); ${fallback}.`
		);
	}
}
