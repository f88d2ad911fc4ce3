/**
 * Today and Caseload must flag the same participants for the same reasons. On the national
 * database, for navigators across the country, both lists are worked out as their pages do and
 * compared.
 */
import { eq } from 'drizzle-orm';
import { caseloadWithAttention, todayAttention } from '../../src/lib/server/attention/lists';
import { openDatabase } from '../../src/lib/server/db/open';
import * as table from '../../src/lib/server/db/schema';
import type { Check } from './report';

type Flags = Map<string, string>;

const flagsOf = (rows: { id: string; attention: { key: string }[] }[]): Flags =>
	new Map(
		rows
			.filter((row) => row.attention.length > 0)
			.map((row) => [row.id, row.attention.map((reason) => reason.key).join(' ')])
	);

export function compareTodayAndCaseload(path: string, navigators: number, now = new Date()) {
	const db = openDatabase(path);
	try {
		const all = db
			.select({ id: table.user.id })
			.from(table.user)
			.where(eq(table.user.role, 'navigator'))
			.orderBy(table.user.username)
			.all();
		const sampled = all.filter(
			(_, i) => i % Math.max(1, Math.floor(all.length / navigators)) === 0
		);
		const disagreements: string[] = [];
		let flagged = 0;
		for (const { id } of sampled) {
			const today = flagsOf(
				todayAttention(db, id, now).map((p) => ({ id: p.participantId, attention: p.attention }))
			);
			const caseload = flagsOf(caseloadWithAttention(db, id, now));
			flagged += caseload.size;
			for (const participant of new Set([...today.keys(), ...caseload.keys()])) {
				if (today.get(participant) !== caseload.get(participant))
					disagreements.push(
						`${participant}: Today "${today.get(participant) ?? ''}", Caseload "${caseload.get(participant) ?? ''}"`
					);
			}
		}
		const check: Check = {
			name: 'Today and Caseload flag the same participants for the same reasons',
			status: disagreements.length === 0 && flagged > 0 ? 'pass' : 'fail',
			detail:
				disagreements.length === 0
					? `${sampled.length} navigators, ${flagged} participants flagged, the same on both pages`
					: `${disagreements.length} disagree, e.g. ${disagreements.slice(0, 3).join('; ')}`
		};
		return check;
	} finally {
		db.$client.close();
	}
}
