import { beforeEach, describe, expect, it } from 'vitest';
import { makeFixture } from '$fixtures/attendance';
import type { Db } from '../db/open';
import { createTestDb } from '$fixtures/test-db';
import { checkInWithCode } from './check-in';
import { checkinCode } from './check-in-code';
import { navigatorToday } from './live-session';

const start = new Date('2026-03-10T10:00:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

describe("the navigator's live session", () => {
	let db: Db;
	let f: ReturnType<typeof makeFixture>;
	let navigator: string;
	let participant: string;
	let slotId: string;

	beforeEach(() => {
		db = createTestDb();
		f = makeFixture(db);
		navigator = f.addUser('nav', 'navigator');
		participant = f.addParticipant('p1', navigator);
		slotId = f.addSlot(navigator, start);
		f.addBooking(slotId, participant);
	});

	it("shows the navigator's code only while open, and their own caseload's check-ins", () => {
		const otherNavigator = f.addUser('nav2', 'navigator');
		const theirs = f.addParticipant('p9', otherNavigator);
		f.addBooking(slotId, theirs);
		expect(navigatorToday(db, navigator, at(-60))[0].code).toBeNull();
		const now = at(-5);
		checkInWithCode(db, participant, checkinCode(f.secretOf(slotId), now), now);
		const [live] = navigatorToday(db, navigator, now);
		expect(live.code).toBe(checkinCode(f.secretOf(slotId), now));
		expect(live.attendees.map((a) => a.displayName)).toEqual(['p1']);
		expect(live.attendees[0].checkedInAt).toEqual(now);
		expect(navigatorToday(db, otherNavigator, now)).toEqual([]);
	});
});
