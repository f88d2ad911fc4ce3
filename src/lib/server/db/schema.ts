import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const roles = ['participant', 'navigator', 'coordinator'] as const;
export type Role = (typeof roles)[number];

export const participantStatuses = ['active', 'completed', 'not_completed', 'withdrawn'] as const;
export type ParticipantStatus = (typeof participantStatuses)[number];

const createdAt = () =>
	integer({ mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);

export const user = sqliteTable('user', {
	id: text().primaryKey(),
	username: text().notNull().unique(),
	displayName: text().notNull(),
	role: text({ enum: roles }).notNull(),
	passwordHash: text(),
	active: integer({ mode: 'boolean' }).notNull().default(true),
	createdAt: createdAt()
});

export const session = sqliteTable(
	'session',
	{
		id: text().primaryKey(),
		secretHash: text().notNull(),
		userId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		lastSeenAt: integer({ mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('session_user_idx').on(t.userId)]
);

export const participant = sqliteTable(
	'participant',
	{
		userId: text()
			.primaryKey()
			.references(() => user.id, { onDelete: 'cascade' }),
		reference: text().notNull().unique(),
		navigatorId: text()
			.notNull()
			.references(() => user.id),
		/** Calendar date (YYYY-MM-DD) in Europe/London. */
		contractStart: text().notNull(),
		/** Always contractStart + 4 calendar months; written only by the plan module. */
		contractEnd: text().notNull(),
		status: text({ enum: participantStatuses }).notNull().default('active'),
		createdAt: createdAt()
	},
	(t) => [index('participant_navigator_idx').on(t.navigatorId)]
);

export const activationCode = sqliteTable(
	'activation_code',
	{
		id: text().primaryKey(),
		userId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		codeHash: text().notNull().unique(),
		issuedBy: text()
			.notNull()
			.references(() => user.id),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer({ mode: 'timestamp_ms' }).notNull(),
		usedAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [index('activation_code_user_idx').on(t.userId)]
);

/** Small key/value store for server-owned secrets such as the first-run setup code. */
export const appSetting = sqliteTable('app_setting', {
	key: text().primaryKey(),
	value: text().notNull()
});

// ── Sessions: slots navigators publish, and participants' bookings ─────────────────────────

export const sessionTypes = ['one_to_one', 'group', 'partner', 'volunteering'] as const;
export type SessionType = (typeof sessionTypes)[number];

export const sessionModes = ['in_person', 'phone', 'video'] as const;
export type SessionMode = (typeof sessionModes)[number];

export const slotStatuses = ['scheduled', 'cancelled'] as const;

export const slot = sqliteTable(
	'slot',
	{
		id: text().primaryKey(),
		navigatorId: text()
			.notNull()
			.references(() => user.id),
		type: text({ enum: sessionTypes }).notNull(),
		title: text().notNull(),
		startsAt: integer({ mode: 'timestamp_ms' }).notNull(),
		endsAt: integer({ mode: 'timestamp_ms' }).notNull(),
		mode: text({ enum: sessionModes }).notNull(),
		/** Address for in-person sessions. */
		place: text(),
		mapUrl: text(),
		/** Phone number or video link details for remote sessions. */
		remoteDetails: text(),
		capacity: integer().notNull(),
		/** Kept equal to the number of active bookings; capacity is enforced on it by a conditional update. */
		bookedCount: integer().notNull().default(0),
		/** Set when the slot is open to one participant only; null means the whole caseload. */
		participantId: text().references(() => user.id),
		/** Slots made together by a weekly repeat share a series id. */
		seriesId: text(),
		/** Per-session secret from which the rotating check-in codes are derived. */
		checkinSecret: text().notNull(),
		status: text({ enum: slotStatuses }).notNull().default('scheduled'),
		cancelReason: text(),
		cancelledAt: integer({ mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [
		index('slot_navigator_starts_idx').on(t.navigatorId, t.startsAt),
		index('slot_starts_idx').on(t.startsAt)
	]
);

export const bookingStatuses = [
	'booked',
	'cancelled_by_participant',
	'cancelled_by_navigator'
] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

export const attendanceOutcomes = [
	'attended',
	'late',
	'missed_acceptable',
	'missed_unacceptable',
	'cancelled_by_navigator'
] as const;
export type AttendanceOutcome = (typeof attendanceOutcomes)[number];

export const booking = sqliteTable(
	'booking',
	{
		id: text().primaryKey(),
		slotId: text()
			.notNull()
			.references(() => slot.id),
		participantId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		status: text({ enum: bookingStatuses }).notNull().default('booked'),
		/** Who made the booking: the participant, or their navigator on their behalf. */
		bookedBy: text()
			.notNull()
			.references(() => user.id),
		createdAt: createdAt(),
		cancelledAt: integer({ mode: 'timestamp_ms' }),
		cancelReason: text(),
		/** "I can't make it", sent inside the cancellation cut-off for the navigator to act on. */
		cantMakeItReason: text(),
		cantMakeItAt: integer({ mode: 'timestamp_ms' }),
		checkedInAt: integer({ mode: 'timestamp_ms' }),
		checkinAttempts: integer().notNull().default(0),
		/** Recorded outcome; null while none is recorded (a closed window with no check-in counts as missed). */
		outcome: text({ enum: attendanceOutcomes }),
		outcomeReason: text(),
		outcomeBy: text().references(() => user.id),
		outcomeAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [
		index('booking_slot_idx').on(t.slotId),
		index('booking_participant_idx').on(t.participantId, t.status),
		uniqueIndex('booking_one_active_per_slot')
			.on(t.slotId, t.participantId)
			.where(sql`status = 'booked'`)
	]
);

/** Every correction of an attendance outcome keeps what it replaced, who and when. */
export const outcomeChange = sqliteTable(
	'outcome_change',
	{
		id: integer().primaryKey({ autoIncrement: true }),
		bookingId: text()
			.notNull()
			.references(() => booking.id, { onDelete: 'cascade' }),
		previousOutcome: text({ enum: attendanceOutcomes }),
		newOutcome: text({ enum: attendanceOutcomes }).notNull(),
		reason: text(),
		changedBy: text()
			.notNull()
			.references(() => user.id),
		changedAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('outcome_change_booking_idx').on(t.bookingId)]
);

// ── Sessions: private calendar feeds ───────────────────────────────────────────────────────

/** One revocable feed per participant; only the token's SHA-256 hash is kept. */
export const calendarFeed = sqliteTable('calendar_feed', {
	participantId: text()
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	tokenHash: text().notNull().unique(),
	createdAt: integer({ mode: 'timestamp_ms' }).notNull()
});

// ── Audit: who consulted, changed, disclosed or erased a record, and when ──────────────────

export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer().primaryKey({ autoIncrement: true }),
		at: integer({ mode: 'timestamp_ms' }).notNull(),
		actorId: text().notNull(),
		actorRole: text({ enum: roles }).notNull(),
		/** Verb-first and dotted, e.g. 'participant.view', 'plan.update', 'attendance.export'. */
		action: text().notNull(),
		participantId: text(),
		reason: text(),
		requestId: text(),
		detail: text()
	},
	(t) => [
		index('audit_log_at_idx').on(t.at),
		index('audit_log_participant_idx').on(t.participantId, t.at),
		index('audit_log_actor_idx').on(t.actorId, t.at)
	]
);
