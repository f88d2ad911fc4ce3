import autocannon from 'autocannon';
import { budgets, load, type Role } from './config';
import { mark, ms, ratio, table, type Check, type Section } from './report';
import { cookieHeader, probe, type Server } from './server';

type Run = {
	name: string;
	path: string;
	requestsPerSecond: number;
	p50: number;
	p99: number;
	requests: number;
	non2xx: number;
	errors: number;
};

async function hammer(server: Server, name: string, path: string, token?: string): Promise<Run> {
	const result = await autocannon({
		url: server.base + path,
		connections: load.connections,
		duration: load.durationSeconds,
		headers: token ? { cookie: cookieHeader(token) } : {}
	});
	return {
		name,
		path,
		requestsPerSecond: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		requests: result.requests.total,
		non2xx: result.non2xx,
		errors: result.errors + result.timeouts
	};
}

/** Each page and the trivial route, back to back on the same server in the same run. */
export async function measureLoad(server: Server, tokens: Record<Role, string>): Promise<Section> {
	await autocannon({ url: server.base + load.trivial.path, connections: 10, duration: 2 });
	const trivial = await hammer(server, load.trivial.name, load.trivial.path);
	const runs: Run[] = [trivial];
	const checks: Check[] = [];
	const row = (r: Run, result: string) => [
		`${r.name} \`${r.path}\``,
		r.requestsPerSecond.toFixed(0),
		ratio(r.requestsPerSecond, trivial.requestsPerSecond),
		ms(r.p50),
		ms(r.p99),
		`${r.non2xx + r.errors} of ${r.requests}`,
		result
	];
	const rows = [row(trivial, '')];
	for (const target of load.targets) {
		const token = tokens[target.role];
		if ((await probe(server, target.path, token)) === 404) {
			checks.push({
				name: `${target.name} load`,
				status: 'missing',
				detail: `${target.path} answers 404`
			});
			rows.push([`${target.name} \`${target.path}\``, '–', '–', '–', '–', '–', mark.missing]);
			continue;
		}
		const r = await hammer(server, target.name, target.path, token);
		runs.push(r);
		const share = r.requestsPerSecond / trivial.requestsPerSecond;
		const pageChecks: Check[] = [
			{
				name: `${target.name} p99`,
				status: r.p99 < budgets.p99Ms ? 'pass' : 'fail',
				detail: `${ms(r.p99)} at ${load.connections} connections (budget < ${budgets.p99Ms} ms)`
			},
			{
				name: `${target.name} throughput`,
				status: share >= budgets.ratioToTrivial ? 'pass' : 'fail',
				detail: `${r.requestsPerSecond.toFixed(0)} req/s, ${share.toFixed(2)}× the trivial route's ${trivial.requestsPerSecond.toFixed(0)} (budget ≥ ${budgets.ratioToTrivial}×)`
			},
			{
				name: `${target.name} answers`,
				status: r.non2xx + r.errors === 0 ? 'pass' : 'fail',
				detail: `${r.non2xx} non-2xx answers and ${r.errors} errors of ${r.requests} requests`
			}
		];
		checks.push(...pageChecks);
		rows.push(row(r, pageChecks.every((c) => c.status === 'pass') ? mark.pass : mark.fail));
	}
	return {
		id: 'load',
		title: `3. Server throughput (autocannon, ${load.durationSeconds} s at ${load.connections} connections)`,
		lines: [
			`Demo database, signed in as the demo participant and navigator. The trivial route is the same server's sign-in page signed out (hooks and server rendering, no session or database read). Budgets: p99 < ${budgets.p99Ms} ms, throughput ≥ ${budgets.ratioToTrivial}× the trivial route.`,
			'',
			...table(['route', 'req/s', '× trivial', 'p50', 'p99', 'non-2xx or errors', 'result'], rows)
		],
		data: runs,
		checks
	};
}
