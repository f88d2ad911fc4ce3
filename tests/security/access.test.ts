import { expect, test } from '@playwright/test';
import { probes, routes, type Role, type RouteEntry } from './routes';
import { get, outcome, post, signIn, userId, type Outcome } from './support';

type Who = Role | 'anonymous' | 'otherNavigator';
const demoAccount: Record<Exclude<Who, 'anonymous'>, string> = {
	participant: 'participant1',
	navigator: 'navigator1',
	coordinator: 'coordinator',
	otherNavigator: 'navigator2'
};
const everyone: Who[] = ['anonymous', 'participant', 'navigator', 'coordinator', 'otherNavigator'];

function expected(entry: RouteEntry, who: Who): Outcome {
	if (who === 'anonymous') return 'login';
	if (who === 'otherNavigator') {
		if (entry.path.includes(':participant')) return 'not-found';
		return entry.allowed.includes('navigator') ? 'reached' : (entry.otherRoles ?? 'forbidden');
	}
	return entry.allowed.includes(who) ? 'reached' : (entry.otherRoles ?? 'forbidden');
}

/** Each route is tried the ways a browser or a script can reach it. */
function requestsFor(entry: RouteEntry, path: string, cookie: string | null) {
	switch (entry.kind) {
		case 'page': {
			const [pathname, search] = path.split('?');
			const data = `${pathname === '/' ? '' : pathname}/__data.json${search ? `?${search}` : ''}`;
			return [
				{ label: 'page', send: () => get(path, cookie) },
				{ label: '__data.json', send: () => get(data, cookie) }
			];
		}
		case 'action':
			return [
				{ label: 'form post', send: () => post(path, entry.fields ?? {}, { cookie }) },
				{
					label: 'enhanced post',
					send: () => post(path, entry.fields ?? {}, { cookie, json: true })
				}
			];
		case 'endpoint':
		case 'csv':
			return [
				{
					label: entry.method ?? 'GET',
					send: () =>
						entry.method === 'POST' ? post(path, entry.fields ?? {}, { cookie }) : get(path, cookie)
				}
			];
	}
}

test.describe('access matrix', () => {
	const cookies: Partial<Record<Who, string | null>> = { anonymous: null };
	let participantId = '';

	test.beforeAll(async () => {
		participantId = userId('participant1');
		for (const [who, username] of Object.entries(demoAccount))
			cookies[who as Who] = await signIn(username);
	});

	for (const who of everyone) {
		test(`as ${who}`, async () => {
			const problems: string[] = [];
			for (const entry of routes) {
				const path = entry.path.replace(':participant', participantId);
				for (const { label, send } of requestsFor(entry, path, cookies[who] ?? null)) {
					const response = await send();
					const got = await outcome(response);
					const want = expected(entry, who);
					if (got !== want)
						problems.push(
							`${label} ${entry.path}: expected ${want}, got ${got} (${response.status})`
						);
				}
			}
			expect(problems).toEqual([]);
		});
	}

	test('the health probes answer everyone alike, set no cookie, and are not cached', async () => {
		const problems: string[] = [];
		for (const who of everyone) {
			for (const path of probes) {
				const response = await get(path, cookies[who] ?? null);
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
		const coordinator = cookies.coordinator ?? (await signIn('coordinator'));
		const response = await get('/coordinator/audit/export', coordinator);
		expect(response.headers.get('content-type')).toContain('text/csv');
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
		const lines = (await response.text()).split('\r\n').filter(Boolean);
		for (const line of lines.slice(1))
			for (const cell of line.split(',')) expect(cell).not.toMatch(/^"?[=+@]/);
	});
});
