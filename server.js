// Production entry point: adapter-node's handler, behind the headers every response must carry.
// adapter-node serves static files and prerendered pages before SvelteKit's hooks run, so those
// headers are set here too. Settings as adapter-node: PORT (3000), HOST (0.0.0.0), ORIGIN, etc.
import { createServer } from 'node:http';
import { handler } from './build/handler.js';
import { securityHeaders, staticContentSecurityPolicy } from './src/lib/server/security-headers.js';

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';

const server = createServer((req, res) => {
	for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
	// SvelteKit replaces this with the page's full policy on every response it renders.
	res.setHeader('Content-Security-Policy', staticContentSecurityPolicy);
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});

server.listen(port, host, () => console.log(`Listening on http://${host}:${port}`));

function shutDown() {
	server.close(() => process.exit(0));
	server.closeIdleConnections();
	setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
