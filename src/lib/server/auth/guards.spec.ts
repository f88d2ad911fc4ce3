import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import * as table from '../db/schema';
import { createTestDb } from '$fixtures/test-db';
import {
	requireCoordinator,
	requireNavigatorOf,
	requireParticipant,
	safeRedirectTarget
} from './guards';
import type { SignInUser } from './sign-in';

function event(user: SignInUser | null, path = '/somewhere?x=1') {
	return {
		locals: { user, signIn: null, requestId: 'r' },
		url: new URL(`http://localhost${path}`)
	};
}

function thrown(fn: () => unknown) {
	try {
		fn();
	} catch (e) {
		return e;
	}
	return null;
}

const navigator1: SignInUser = { id: 'n1', username: 'n1', displayName: 'N1', role: 'navigator' };
const navigator2: SignInUser = { id: 'n2', username: 'n2', displayName: 'N2', role: 'navigator' };

describe('guards', () => {
	it('sends a signed-out visitor to sign in with the way back', () => {
		const e = thrown(() => requireParticipant(event(null, '/plan?tab=2')));
		expect(isRedirect(e) && e.location).toBe('/login?redirectTo=%2Fplan%3Ftab%3D2');
	});

	it("refuses another role's page with 403", () => {
		const e = thrown(() => requireCoordinator(event(navigator1)));
		expect(isHttpError(e) && e.status).toBe(403);
	});

	it("hides another navigator's participant with 404", () => {
		const db = createTestDb();
		for (const n of [navigator1, navigator2]) db.insert(table.user).values(n).run();
		db.insert(table.user)
			.values({ id: 'p1', username: 'p1', displayName: 'P1', role: 'participant' })
			.run();
		db.insert(table.participant)
			.values({
				userId: 'p1',
				reference: 'R1',
				navigatorId: 'n1',
				contractStart: '2026-01-01',
				contractEnd: '2026-05-01'
			})
			.run();
		expect(requireNavigatorOf(event(navigator1), 'p1', db).participant.id).toBe('p1');
		const e = thrown(() => requireNavigatorOf(event(navigator2), 'p1', db));
		expect(isHttpError(e) && e.status).toBe(404);
		const missing = thrown(() => requireNavigatorOf(event(navigator1), 'nobody', db));
		expect(isHttpError(missing) && missing.status).toBe(404);
	});

	it('accepts only local paths as a place to return to', () => {
		expect(safeRedirectTarget('/plan?x=1')).toBe('/plan?x=1');
		for (const bad of [
			'//evil.example',
			'/\\evil.example',
			'/.//evil.example',
			'/x/..//evil.example',
			'/%2e//evil.example',
			'/../\\evil.example',
			'https://evil.example',
			'javascript:alert(1)',
			'',
			null
		]) {
			expect(safeRedirectTarget(bad)).toBe('/');
		}
	});
});
