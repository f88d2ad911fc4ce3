// Production entry point: adapter-node's handler, behind the headers every response must carry,
// in one process per core (WORKERS) so that a busy page does not hold up everyone else's.
// Settings as adapter-node: PORT (3000), HOST (0.0.0.0), ORIGIN, etc.
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
const workers = Number(process.env.WORKERS || availableParallelism());

if (!Number.isInteger(workers) || workers < 1) {
	console.error(`WORKERS must be a whole number of processes, at least 1 (it is "${workers}").`);
	process.exit(1);
}

if (cluster.isPrimary && workers > 1) superviseWorkers(workers);
else await serve();

async function serve() {
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
		setTimeout(() => process.exit(0), 5000).unref();
	};
	process.on('SIGTERM', shutDown);
	process.on('SIGINT', shutDown);
}

/**
 * Starts `count` server processes sharing the port, and replaces any that stops. The first one
 * migrates the database and runs the start-up jobs (first-run code, schedulers); the others start
 * only once it listens, so no two migrate at once. One that stops while starting stops them all:
 * starting it again would fail the same way.
 */
function superviseWorkers(count) {
	let stopping = false;
	let listening = 0;

	const start = (env) => {
		const worker = cluster.fork(env);
		let started = false;
		worker.once('listening', () => {
			started = true;
			listening += 1;
			if (listening === count)
				console.log(`Listening on http://${host}:${port} (${count} processes)`);
		});
		worker.on('exit', (code, signal) => {
			if (stopping) return;
			if (!started) {
				console.error(`A server process stopped while starting (${signal ?? `exit ${code}`}).`);
				stopAll(1);
				return;
			}
			console.error(`A server process stopped (${signal ?? `exit ${code}`}); starting another.`);
			start(env);
		});
		return worker;
	};

	const stopAll = (exitCode) => {
		stopping = true;
		for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
		const exitOnceAllStopped = () => {
			if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
		};
		cluster.on('exit', exitOnceAllStopped);
		exitOnceAllStopped();
		setTimeout(() => process.exit(exitCode), 10_000).unref();
	};

	start({ START_UP_JOBS: 'here' }).once('listening', () => {
		for (let i = 1; i < count; i++) start({ START_UP_JOBS: 'elsewhere' });
	});

	process.on('SIGTERM', () => stopAll(0));
	process.on('SIGINT', () => stopAll(0));
}
