import { addDays, londonDate } from '$lib/dates';
import { listCaseload } from '$lib/server/accounts';
import { requireNavigator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { supportAttention } from '$lib/server/support/attention';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const navigator = requireNavigator(event);
	const today = londonDate(new Date());
	const caseload = listCaseload(getDb(), navigator.id);
	const attention = supportAttention(getDb(), navigator.id).filter((f) => f.needsAttention);
	const active = caseload.filter((p) => p.status === 'active');
	return {
		today,
		caseload: active,
		endingSoon: active.filter((p) => p.contractEnd <= addDays(today, 14)),
		awaitingActivation: active.filter((p) => !p.activated),
		attention
	};
};
