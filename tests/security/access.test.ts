import { expect, test } from '@playwright/test';
import {
	arrangeFixtures,
	fill,
	fillEach,
	placeholdersIn,
	textsOf,
	type Fixtures,
	type Who
} from './matrix-fixtures';
import { parseHandlerKey, type HandlerKind } from './route-inventory';
import { matrix, placeholders, probes, type MatrixEntry, type Stranger } from './routes';
import { get, origin, outcome, type Outcome } from './support';

const tried: { who: Who; as: string }[] = [
	{ who: 'anonymous', as: 'a signed-out visitor' },
	{ who: 'participant', as: 'a participant' },
	{ who: 'navigator', as: 'a navigator' },
	{ who: 'coordinator', as: 'a coordinator' },
	{ who: 'owingSecondFactor', as: 'staff who have not set up their second factor' }
];

const strangers: { stranger: Stranger; who: Who; as: string }[] = [
	{ stranger: 'otherNavigator', who: 'otherNavigator', as: 'the navigator of another caseload' },
	{ stranger: 'otherParticipant', who: 'otherParticipant', as: 'another participant' },
	{ stranger: 'madeUp', who: 'anonymous', as: 'anyone with a made-up token' }
];

/** What `who` should get from a handler, by the matrix; `byScript` for a form sent by script. */
function expected(kind: HandlerKind, entry: MatrixEntry, who: Who, byScript: boolean): Outcome {
	const reached = entry.answer ?? 'reached';
	const { access } = entry;
	if (who === 'owingSecondFactor') {
		const beforeSecondFactor = ['anyone', 'prerendered', 'probe', 'second-factor setup'];
		return typeof access === 'string' && beforeSecondFactor.includes(access)
			? reached
			: 'second-factor';
	}
	if (Array.isArray(access)) {
		if (who === 'anonymous') return 'login';
		return (access as Who[]).includes(who) ? reached : (entry.otherRoles ?? 'forbidden');
	}
	switch (access) {
		case 'anyone':
		case 'prerendered':
		case 'probe':
		case 'credential':
			return reached;
		case 'first-run':
			return 'not-found';
		case 'signed-out':
			return who === 'anonymous' || (kind === 'action' && byScript) ? reached : 'elsewhere';
		case 'second-factor setup':
		case 'second-factor code':
			return who === 'anonymous' ? 'login' : 'elsewhere';
	}
}

type Request = {
	cookie: string | null;
	fields?: Record<string, string>;
	json?: Record<string, unknown>;
	headers?: Record<string, string>;
	enhanced?: boolean;
};

function send(method: string, path: string, request: Request) {
	const { cookie, fields, json, enhanced } = request;
	const body =
		method === 'GET' ? undefined : json ? JSON.stringify(json) : new URLSearchParams(fields);
	return fetch(origin + path, {
		method,
		redirect: 'manual',
		headers: {
			origin,
			accept: enhanced || json ? 'application/json' : 'text/html',
			...(enhanced ? { 'x-sveltekit-action': 'true' } : {}),
			...(json ? { 'content-type': 'application/json' } : {}),
			...(cookie ? { cookie } : {}),
			...request.headers
		},
		body
	});
}

type Attempt = { label: string; byScript: boolean; send: () => Promise<Response> };

/** Each handler is tried the ways a browser or a script can reach it. */
function attempts(
	kind: HandlerKind,
	entry: MatrixEntry,
	path: string,
	request: Request
): Attempt[] {
	const attempt = (label: string, method: string, address = path, byScript = false) => ({
		label,
		byScript,
		send: () => send(method, address, { ...request, enhanced: byScript })
	});
	switch (kind) {
		case 'page': {
			const [pathname, search] = path.split('?');
			const data = `${pathname === '/' ? '' : pathname}/__data.json${search ? `?${search}` : ''}`;
			return entry.access === 'prerendered'
				? [attempt('page', 'GET')]
				: [attempt('page', 'GET'), attempt('__data.json', 'GET', data)];
		}
		case 'action':
			return [attempt('form post', 'POST'), attempt('enhanced post', 'POST', path, true)];
		default:
			return [attempt(kind, kind)];
	}
}

/** Sends every attempt at one handler, and says where the answers differ from `want`. */
async function tryHandler(
	key: string,
	entry: MatrixEntry,
	sender: {
		cookie: string | null;
		values: Record<string, string>;
		fields?: Record<string, string>;
		query?: Record<string, string>;
	},
	want: (byScript: boolean) => Outcome
) {
	const { kind, path } = parseHandlerKey(key);
	const { cookie, values } = sender;
	const query = new URLSearchParams(fillEach(sender.query, values)).toString();
	const address = fill(path, values) + (query ? `?${query}` : '');
	const request = {
		cookie,
		fields: fillEach(sender.fields, values),
		json: fillEach(entry.json, values),
		headers: fillEach(entry.headers, values)
	};
	const problems: string[] = [];
	for (const attempt of attempts(kind, entry, address, request)) {
		const response = await attempt.send();
		const got = await outcome(response);
		const expected = want(attempt.byScript);
		if (got !== expected)
			problems.push(
				`${attempt.label} ${key}: expected ${expected}, got ${got} (${response.status})`
			);
	}
	return problems;
}

/**
 * The handlers a stranger is tried on: those whose address or credential names something not
 * theirs, or whose `stranger` fields or query do. (An entry's own fields are what its allowed
 * roles send, and are not counted.)
 */
function strangeTo(stranger: Stranger, path: string, entry: MatrixEntry) {
	const given = [
		path,
		...Object.values(entry.headers ?? {}),
		...Object.values(entry.stranger?.fields ?? {}),
		...Object.values(entry.stranger?.query ?? {})
	];
	return given.flatMap(placeholdersIn).some((name) => placeholders[name].stranger === stranger);
}

test.describe('access matrix', () => {
	let fixtures: Fixtures;

	test.beforeAll(async () => {
		fixtures = await arrangeFixtures();
	});

	for (const { who, as } of tried) {
		test(`as ${as}, every handler answers as the matrix says`, async () => {
			const problems: string[] = [];
			for (const [key, entry] of Object.entries(matrix)) {
				const { kind, path } = parseHandlerKey(key);
				const sender = {
					cookie: entry.endsSignIn ? await fixtures.freshSignIn(who) : fixtures.cookie(who),
					values: await fixtures.values(textsOf(path, entry)),
					fields: entry.fields
				};
				problems.push(
					...(await tryHandler(key, entry, sender, (byScript) =>
						expected(kind, entry, who, byScript)
					))
				);
			}
			expect(problems).toEqual([]);
		});
	}

	for (const { stranger, who, as } of strangers) {
		test(`as ${as}, every handler given their ids refuses and changes nothing`, async () => {
			const problems: string[] = [];
			const entries = Object.entries(matrix).filter(([key, entry]) =>
				strangeTo(stranger, parseHandlerKey(key).path, entry)
			);
			expect(entries.length).toBeGreaterThan(0);
			for (const [key, entry] of entries) {
				const before = fixtures.records();
				const sender = {
					cookie: fixtures.cookie(who),
					values: await fixtures.values(textsOf(parseHandlerKey(key).path, entry), {
						madeUpTokens: stranger === 'madeUp'
					}),
					fields: entry.stranger?.fields ?? entry.fields,
					query: entry.stranger?.query
				};
				problems.push(
					...(await tryHandler(key, entry, sender, () => entry.stranger?.answer ?? 'not-found'))
				);
				if (JSON.stringify(fixtures.records()) !== JSON.stringify(before))
					problems.push(`${key}: changed what is stored`);
			}
			expect(problems).toEqual([]);
		});
	}

	test('the health probes answer everyone alike, set no cookie, and are not cached', async () => {
		const problems: string[] = [];
		for (const { who } of tried) {
			for (const path of probes) {
				const response = await get(path, fixtures.cookie(who));
				const body = await response.json();
				if (response.status !== 200 || body.status !== 'ok')
					problems.push(`${who} ${path}: ${response.status} ${JSON.stringify(body)}`);
				if (!response.headers.get('cache-control')?.includes('no-store'))
					problems.push(`${who} ${path}: cache-control`);
				if (response.headers.getSetCookie().length > 0) problems.push(`${who} ${path}: set-cookie`);
			}
		}
		expect(problems).toEqual([]);
	});

	test('the CSV export is CSV, not cached, and neutralises formulas', async () => {
		const response = await get('/coordinator/audit/export', fixtures.cookie('coordinator'));
		expect(response.headers.get('content-type')).toContain('text/csv');
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
		const lines = (await response.text()).split('\r\n').filter(Boolean);
		for (const line of lines.slice(1))
			for (const cell of line.split(',')) expect(cell).not.toMatch(/^"?[=+@]/);
	});
});
