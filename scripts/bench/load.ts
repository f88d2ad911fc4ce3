import type { Options } from 'autocannon';
import type { Figures } from './autocannon-process';
import { budgets, load, type Role } from './config';
import { inOwnProcess } from './own-process';
import { mark, ms, ratio, table, type Check, type Section } from './report';
import { cookieHeader, probe, type Server } from './server';

type Run = Figures & { name: string; path: string };

async function hammer(
	server: Server,
	name: string,
	path: string,
	token?: string,
	duration = load.durationSeconds
): Promise<Run> {
	const figures = await inOwnProcess<Options, Figures>(
		new URL('./autocannon-process.ts', import.meta.url),
		{
			url: server.base + path,
			connections: load.connections,
			duration,
			headers: token ? { cookie: cookieHeader(token) } : {}
		}
	);
	return { name, path, ...figures };
}

/**
 * A route's rounds as one: mean throughput, the worse round's latencies, every request counted.
 */
function combine(rounds: Run[]): Run & { roundsPerSecond: number[] } {
	const sum = (pick: (r: Run) => number) => rounds.reduce((total, r) => total + pick(r), 0);
	return {
		...rounds[0],
		requestsPerSecond: sum((r) => r.requestsPerSecond) / rounds.length,
		p50: Math.max(...rounds.map((r) => r.p50)),
		p99: Math.max(...rounds.map((r) => r.p99)),
		requests: sum((r) => r.requests),
		non2xx: sum((r) => r.non2xx),
		errors: sum((r) => r.errors),
		roundsPerSecond: rounds.map((r) => r.requestsPerSecond)
	};
}

/**
 * The trivial route and each page in turn, on the same server, in `load.rounds` rounds: the
 * machine's speed drifts from one 10-second window to the next, and a page measured only in a
 * slower window than its baseline would look slower than it is (or faster, the other way).
 */
export async function measureLoad(server: Server, tokens: Record<Role, string>): Promise<Section> {
	const checks: Check[] = [];
	const rows: string[][] = [];
	const present: typeof load.targets = [];
	for (const target of load.targets) {
		if ((await probe(server, target.path, tokens[target.role])) === 404) {
			checks.push({
				name: `${target.name} load`,
				status: 'missing',
				detail: `${target.path} answers 404`
			});
			rows.push([`${target.name} \`${target.path}\``, '–', '–', '–', '–', '–', '–', mark.missing]);
		} else present.push(target);
	}
	// Every process compiles each route's code on its first requests: warm them all first, or a
	// route's first round measures the compiler.
	await hammer(server, load.trivial.name, load.trivial.path, undefined, load.warmupSeconds);
	for (const target of present) {
		await hammer(server, target.name, target.path, tokens[target.role], load.warmupSeconds);
	}
	const trivialRounds: Run[] = [];
	const pageRounds = present.map(() => [] as Run[]);
	for (let round = 0; round < load.rounds; round++) {
		trivialRounds.push(await hammer(server, load.trivial.name, load.trivial.path));
		for (const [i, target] of present.entries())
			pageRounds[i].push(await hammer(server, target.name, target.path, tokens[target.role]));
	}
	const trivial = combine(trivialRounds);
	const runs = [trivial, ...pageRounds.map(combine)];
	const row = (r: ReturnType<typeof combine>, result: string) => [
		`${r.name} \`${r.path}\``,
		r.requestsPerSecond.toFixed(0),
		r.roundsPerSecond.map((v) => v.toFixed(0)).join(', '),
		ratio(r.requestsPerSecond, trivial.requestsPerSecond),
		ms(r.p50),
		ms(r.p99),
		`${r.non2xx + r.errors} of ${r.requests}`,
		result
	];
	rows.unshift(row(trivial, ''));
	for (const r of runs.slice(1)) {
		const share = r.requestsPerSecond / trivial.requestsPerSecond;
		const pageChecks: Check[] = [
			{
				name: `${r.name} p99`,
				status: r.p99 < budgets.p99Ms ? 'pass' : 'fail',
				detail: `${ms(r.p99)} at ${load.connections} connections (budget < ${budgets.p99Ms} ms)`
			},
			{
				name: `${r.name} throughput`,
				status: share >= budgets.ratioToTrivial ? 'pass' : 'fail',
				detail: `${r.requestsPerSecond.toFixed(0)} req/s, ${share.toFixed(2)}× the trivial route's ${trivial.requestsPerSecond.toFixed(0)} (budget ≥ ${budgets.ratioToTrivial}×)`
			},
			{
				name: `${r.name} answers`,
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
			`Demo database, signed in as the demo participant and navigator, against the server as deployed, in one process. The trivial route is the same server's sign-in page signed out (hooks and server rendering, no sign-in or database read). Every route is measured in each of ${load.rounds} rounds, in turn, ${load.durationSeconds} s at a time; req/s is the mean of its rounds, p50 and p99 the worse round's. Budgets: p99 < ${budgets.p99Ms} ms, throughput ≥ ${budgets.ratioToTrivial}× the trivial route.`,
			'',
			...table(
				[
					'route',
					'req/s',
					'req/s by round',
					'× trivial',
					'p50',
					'p99',
					'non-2xx or errors',
					'result'
				],
				rows
			)
		],
		data: runs,
		checks
	};
}
