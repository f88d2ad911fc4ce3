/** Demo messages, call requests and weekly wellbeing answers, relative to the day the demo is made. */
import type { Db } from '../../src/lib/server/db/open';
import * as table from '../../src/lib/server/db/schema';
import { addDays, londonDate, londonToInstant } from '../../src/lib/dates';
import { safetyTopics } from '../../src/lib/support';

type Line = [from: 'p' | 'n', body: string, hoursAgo: number, read?: boolean];

const threads: Record<string, Line[]> = {
	participant1: [
		[
			'n',
			'Hi Jordan, it’s Morgan, your navigator. Welcome to Checkpoint. You can message me here any time and I will reply in my working hours.',
			70
		],
		['p', 'Thanks. When is my first meeting?', 50],
		[
			'n',
			'It’s on the Sessions page. Come to the front desk and say you’re there to see me. Bring nothing but yourself!',
			48,
			false
		]
	],
	participant2: [
		['n', 'Hi Sam, well done on the volunteering hours this month. You’re nearly there.', 200],
		['p', 'Cheers. The food bank said I can keep going after.', 190],
		['n', 'That’s brilliant. Let’s talk about it at our next meeting.', 188],
		['p', 'Can we talk about what happens when the four months finish?', 1, false]
	],
	participant3: [
		['n', 'Hi Kerry, I noticed you missed Tuesday’s session. Is everything OK?', 30],
		['p', 'Sorry. Things have been bad at home. Can you ring me?', 26],
		[
			'n',
			'Thank you for telling me. I’ll ring you this afternoon. If you need someone before then, the numbers under Get help are there day and night.',
			25
		],
		['p', 'ok', 3, false]
	],
	participant4: [
		['n', 'Congratulations Dean, you have finished the programme. Take care of yourself.', 300],
		['p', 'Thanks for everything.', 299]
	],
	participant5: [
		['p', 'Hi, is it ok if my sister comes with me on Friday?', 20],
		['n', 'Of course. She can wait in the front room while we talk.', 18]
	],
	participant6: [['p', 'I got the flat!!', 6, false]]
};

/** Weekly scores from week 1 on; a null week was skipped. */
const wellbeingScores: Record<string, (number | null)[]> = {
	participant2: [2, 2, 3, 2, 3, 3, null, 3, 4, 4, 3, 4, 4, 5, 4, 4],
	participant3: [4, 3, 3, null, 2, 3, 1],
	participant4: [3, 3, 4, 4, 3, 4, 4, 5, 4, 5, 5, 4, 5, 5, 5, 5, 5],
	participant5: [3, 4, 3],
	participant6: [2, 3, 3, 4, 3, 3, 4, 4, 4],
	participant7: [3, 3, 2, 3, 3, 3, 4, 3, 3, 3, 4, 3, 4],
	participant8: [4, 4]
};

const notes: Record<string, Record<number, string>> = {
	participant3: {
		5: 'Not sleeping much.',
		7: 'Everything is on top of me this week. I don’t want to go out.'
	},
	participant2: { 1: 'Nervous about all this.', 14: 'Started at the food bank.' }
};

const help: Record<string, Record<number, string>> = {
	participant3: { 5: 'mental_health', 7: 'housing,mental_health,relationships' },
	participant2: { 1: 'drugs,finances', 9: 'employment_education' },
	participant6: { 1: 'housing' },
	participant7: { 12: 'exploitation,drugs' }
};

export function seedSupport(db: Db, ids: Map<string, string>, now = new Date()) {
	const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000);

	db.transaction((tx) => {
		const participants = tx.select().from(table.participant).all();
		const byUsername = (username: string) =>
			participants.find((p) => p.userId === ids.get(username))!;

		for (const [username, lines] of Object.entries(threads)) {
			const p = byUsername(username);
			for (const [from, body, hoursAgo, read = true] of lines) {
				tx.insert(table.message)
					.values({
						participantId: p.userId,
						senderId: from === 'p' ? p.userId : p.navigatorId,
						senderRole: from === 'p' ? 'participant' : 'navigator',
						body,
						createdAt: at(hoursAgo),
						readAt: read ? at(Math.max(0, hoursAgo - 0.5)) : null
					})
					.run();
			}
		}

		const today = londonDate(now);
		for (const [username, scores] of Object.entries(wellbeingScores)) {
			const p = byUsername(username);
			scores.forEach((score, index) => {
				const week = index + 1;
				if (score === null) return;
				const day = addDays(p.contractStart, index * 7 + 2);
				const createdAt = londonToInstant(day > today ? today : day, '18:30');
				if (createdAt > now) return;
				const helpWith = help[username]?.[week] ?? '';
				tx.insert(table.wellbeingAnswer)
					.values({
						id: crypto.randomUUID(),
						participantId: p.userId,
						week,
						score,
						helpWith,
						concernsSafety: helpWith.split(',').some((k) => safetyTopics.includes(k)),
						note: notes[username]?.[week] ?? null,
						callbackRequested: username === 'participant3' && week === 7,
						createdAt
					})
					.run();
			});
		}

		const callbacks: [string, string, string, number][] = [
			['participant3', '07700900461', 'After 3pm, not mornings', 26],
			['participant6', '01914960123', 'Any weekday', 5]
		];
		for (const [username, phone, goodTimes, hoursAgo] of callbacks) {
			tx.insert(table.callbackRequest)
				.values({
					id: crypto.randomUUID(),
					participantId: byUsername(username).userId,
					phone,
					goodTimes,
					createdAt: at(hoursAgo)
				})
				.run();
		}

		tx.insert(table.navigatorHours)
			.values({
				navigatorId: ids.get('navigator2')!,
				hours: 'Monday to Thursday, 8:30am to 4:30pm'
			})
			.run();
	});
}
