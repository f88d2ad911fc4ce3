import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { signInCookie } from './config';

export type Server = {
	base: string;
	origin: string;
	stop: () => Promise<void>;
};

/** Starts the built app (`node build/server.js`) on a database and waits until it answers. */
export async function startServer(databasePath: string, port: number, logPath: string) {
	// 127.0.0.1 rather than localhost: load generators would otherwise try ::1 first.
	const base = `http://127.0.0.1:${port}`;
	const log = openSync(logPath, 'a');
	const child: ChildProcess = spawn('node', ['build/server.js'], {
		stdio: ['ignore', log, log],
		env: {
			...process.env,
			NODE_ENV: 'production',
			DATABASE_PATH: databasePath,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: base
		}
	});
	let exited = false;
	child.on('exit', () => (exited = true));
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (exited) throw new Error(`The server stopped while starting; see ${logPath}`);
		try {
			const response = await fetch(`${base}/help`);
			if (response.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`The server did not start; see ${logPath}`);
		await new Promise((r) => setTimeout(r, 250));
	}
	const server: Server = {
		base,
		origin: base,
		stop: () =>
			new Promise((resolve) => {
				if (exited) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
	return server;
}

/** A browser's form post: SvelteKit answers anything else that does not accept HTML with JSON. */
export function formHeaders(server: Server) {
	return {
		accept: 'text/html',
		'content-type': 'application/x-www-form-urlencoded',
		origin: server.origin
	};
}

/** Signs in through the real form and returns the sign-in cookie's value. */
export async function signInOverHttp(server: Server, username: string, password: string) {
	const response = await fetch(`${server.base}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			...formHeaders(server)
		},
		body: new URLSearchParams({ username, password })
	});
	const cookie = response.headers
		.getSetCookie()
		.find((c) => c.startsWith(`${signInCookie}=`))
		?.split(';')[0]
		.slice(signInCookie.length + 1);
	if (response.status !== 303 || !cookie) {
		throw new Error(`Signing in as ${username} failed (HTTP ${response.status})`);
	}
	return cookie;
}

export function cookieHeader(token: string | undefined) {
	return token ? `${signInCookie}=${token}` : '';
}

/** Status of a page for a user, without following redirects. */
export async function probe(server: Server, path: string, token?: string) {
	const response = await fetch(server.base + path, {
		redirect: 'manual',
		headers: token ? { cookie: cookieHeader(token) } : {}
	});
	await response.arrayBuffer();
	return response.status;
}

export function percentile(sorted: number[], p: number) {
	if (sorted.length === 0) return NaN;
	const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return sorted[Math.max(0, index)];
}
