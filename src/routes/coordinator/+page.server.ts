import { programmeFigures } from '$lib/server/accounts';
import { requireCoordinator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { keptProgrammeAttendance } from '$lib/server/programme-figures';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireCoordinator(event);
	const db = getDb();
	return { figures: programmeFigures(db), attendance: await keptProgrammeAttendance(db) };
};
