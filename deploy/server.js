// Production entry point, copied into build/ by the build (svelte.config.js): adapter-node's
// handler behind the headers that every response must carry, in one process. Settings as
// adapter-node's own entry: PORT, HOST, ORIGIN, SHUTDOWN_TIMEOUT and the rest.
import { createServer } from 'node:http';
import { handler } from './handler.js';
import { securityHeadersFor, staticContentSecurityPolicy } from './security-headers.js';

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
const shutdownTimeoutSeconds = Number(process.env.SHUTDOWN_TIMEOUT || 30);
const headers = securityHeadersFor(process.env.ORIGIN);

const server = createServer((req, res) => {
	// adapter-node serves static files and prerendered pages before SvelteKit's hooks run.
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	// SvelteKit replaces this with the page's full policy on every response it renders.
	res.setHeader('Content-Security-Policy', staticContentSecurityPolicy);
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});

server.listen(port, host, () => {
	// One JSON line, in the shape of the app's own log (src/lib/server/log.ts).
	const line = { level: 'info', time: new Date().toISOString(), pid: process.pid, host, port };
	console.log(JSON.stringify({ ...line, msg: 'Listening' }));
});

let stopping = false;
function shutDown() {
	if (stopping) return;
	stopping = true;
	// The schedulers' timers do not hold the process open: it exits once the last request ends.
	server.close();
	server.closeIdleConnections();
	// Requests still open after SHUTDOWN_TIMEOUT are cut off.
	setTimeout(() => server.closeAllConnections(), shutdownTimeoutSeconds * 1000).unref();
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
