import { sql } from 'drizzle-orm';
import { attendanceOutcomes } from '../../session-states';
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';

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
	createdAt: createdAt(),
	/** Staff only: signs in without an authenticator code (demo accounts). */
	twoFactorExempt: integer({ mode: 'boolean' }).notNull().default(false),
	/** Base64 TOTP key once the authenticator app is set up; null until then. */
	totpKey: text(),
	/** The last TOTP time step accepted, so a code cannot be used twice. */
	totpLastStep: integer()
});

export const signIn = sqliteTable(
	'sign_in',
	{
		id: text().primaryKey(),
		secretHash: text().notNull(),
		userId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		lastSeenAt: integer({ mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer({ mode: 'timestamp_ms' }).notNull(),
		/** A staff sign-in reaches only the second-factor pages until this is set. */
		twoFactorVerified: integer({ mode: 'boolean' }).notNull().default(false)
	},
	(t) => [index('sign_in_user_idx').on(t.userId)]
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
		/** Their choice for a shared phone: neutral page titles and header, no place in calendars. */
		discreet: integer({ mode: 'boolean' }).notNull().default(false),
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

/**
 * Sign-in and second-factor throttling (`auth/throttle.ts`), kept here so every server process
 * counts the same failures. `scope` keeps the sign-in and second-factor counts apart.
 */
export const throttleAccount = sqliteTable(
	'throttle_account',
	{
		scope: text().notNull(),
		key: text().notNull(),
		failures: integer().notNull(),
		/** Milliseconds since the epoch; 0 while failures are under the free allowance. */
		blockedUntil: integer().notNull(),
		lastFailureAt: integer().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.scope, t.key] }),
		index('throttle_account_last_failure_idx').on(t.scope, t.lastFailureAt)
	]
);

export const throttleAddress = sqliteTable(
	'throttle_address',
	{
		scope: text().notNull(),
		address: text().notNull(),
		failures: integer().notNull(),
		windowStart: integer().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.scope, t.address] }),
		index('throttle_address_window_idx').on(t.scope, t.windowStart)
	]
);

// ── Sessions: slots navigators publish, and participants' bookings ─────────────────────────

export const sessionTypes = ['one_to_one', 'group', 'partner', 'volunteering'] as const;
export type SessionType = (typeof sessionTypes)[number];

export const sessionModes = ['in_person', 'phone', 'video'] as const;
export type SessionMode = (typeof sessionModes)[number];

export const stepFreeAccess = ['yes', 'no', 'unknown'] as const;
export type StepFreeAccess = (typeof stepFreeAccess)[number];

/** Where in-person sessions happen, kept by the coordinator for every navigator to choose from. */
export const place = sqliteTable('place', {
	id: text().primaryKey(),
	name: text().notNull(),
	address: text().notNull(),
	mapUrl: text(),
	directions: text(),
	stepFree: text({ enum: stepFreeAccess }).notNull().default('unknown'),
	/** An inactive place is not offered for new slots; slots already there keep it. */
	active: integer({ mode: 'boolean' }).notNull().default(true),
	createdAt: createdAt()
});

export const slotStatuses = ['scheduled', 'cancelled'] as const;
export type SlotStatus = (typeof slotStatuses)[number];

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
		/** Address for in-person sessions: the chosen place's name and address, or typed in. */
		place: text(),
		mapUrl: text(),
		placeId: text().references(() => place.id),
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

export { attendanceOutcomes, type AttendanceOutcome } from '../../session-states';

export const delayedCheckinReviews = ['pending', 'confirmed', 'rejected'] as const;
export type DelayedCheckinReview = (typeof delayedCheckinReviews)[number];

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
		/**
		 * A check-in that reached the server after it was made (queued offline): the time the phone
		 * claims, when it arrived, and the navigator's decision. Until confirmed it is not attended.
		 */
		delayedCheckinClaimedAt: integer({ mode: 'timestamp_ms' }),
		delayedCheckinArrivedAt: integer({ mode: 'timestamp_ms' }),
		delayedCheckinReview: text({ enum: delayedCheckinReviews }),
		delayedCheckinReviewedBy: text().references(() => user.id),
		delayedCheckinReviewedAt: integer({ mode: 'timestamp_ms' }),
		/** Recorded outcome; null while none is recorded (a closed window with no check-in counts as missed). */
		outcome: text({ enum: attendanceOutcomes }),
		outcomeReason: text(),
		outcomeBy: text().references(() => user.id),
		outcomeAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [
		index('booking_slot_idx').on(t.slotId),
		index('booking_participant_idx').on(t.participantId, t.status),
		// What a navigator still has to act on: "I can't make it" and misses with no outcome.
		index('booking_open_idx')
			.on(t.participantId, t.status)
			.where(sql`outcome is null`),
		uniqueIndex('booking_one_active_per_slot')
			.on(t.slotId, t.participantId)
			.where(sql`status = 'booked'`)
	]
);

/**
 * `booking.status = 'booked'` with the value written into the SQL. Bound as a parameter, it
 * decides whether `booking_one_active_per_slot` applies, so SQLite plans the statement afresh on
 * every run: three times the cost of the query itself on the participant's home page.
 */
export const bookingIsActive = sql`${booking.status} = 'booked'`;

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

/** The retention job and other automatic work appear in the log as 'system'. */
export const auditActorRoles = [...roles, 'system'] as const;
export type AuditActorRole = (typeof auditActorRoles)[number];

export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer().primaryKey({ autoIncrement: true }),
		at: integer({ mode: 'timestamp_ms' }).notNull(),
		actorId: text().notNull(),
		actorRole: text({ enum: auditActorRoles }).notNull(),
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

// ── Support: messages, callbacks, weekly wellbeing answers, push reminders ─────────────────

export const messageSenderRoles = ['participant', 'navigator'] as const;

/** A message belongs to the participant's thread, not to a navigator: access follows assignment. */
export const message = sqliteTable(
	'message',
	{
		id: integer().primaryKey({ autoIncrement: true }),
		participantId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		senderId: text()
			.notNull()
			.references(() => user.id),
		senderRole: text({ enum: messageSenderRoles }).notNull(),
		body: text().notNull(),
		/** Set by the sender's page so a repeated submit stores the message once. */
		clientKey: text(),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		/** When the other side first saw it. */
		readAt: integer({ mode: 'timestamp_ms' }),
		/** The participant ticked "I do not feel safe": urgent until a navigator records what they did. */
		concernsSafety: integer({ mode: 'boolean' }).notNull().default(false)
	},
	(t) => [
		index('message_thread_idx').on(t.participantId, t.id),
		uniqueIndex('message_client_key_idx').on(t.senderId, t.clientKey),
		index('message_safety_idx')
			.on(t.participantId)
			.where(sql`concerns_safety = 1`)
	]
);

export const navigatorHours = sqliteTable('navigator_hours', {
	navigatorId: text()
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	hours: text().notNull()
});

export const callbackRequest = sqliteTable(
	'callback_request',
	{
		id: text().primaryKey(),
		participantId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		phone: text().notNull(),
		goodTimes: text().notNull(),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		/** When the navigator will call, once they have set it; the participant is told each time. */
		callAt: integer({ mode: 'timestamp_ms' }),
		doneAt: integer({ mode: 'timestamp_ms' }),
		doneBy: text().references(() => user.id)
	},
	(t) => [index('callback_request_participant_idx').on(t.participantId, t.doneAt)]
);

export const wellbeingAnswer = sqliteTable(
	'wellbeing_answer',
	{
		id: text().primaryKey(),
		participantId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** Week of the programme (1 is the contract's first seven days); one answer per week. */
		week: integer().notNull(),
		/** 1 (really struggling) to 5 (doing well). */
		score: integer().notNull(),
		/** Pathway keys, comma separated. */
		helpWith: text().notNull().default(''),
		note: text(),
		callbackRequested: integer({ mode: 'boolean' }).notNull().default(false),
		/** A need about safety was ticked: urgent until a navigator records what they did. */
		concernsSafety: integer({ mode: 'boolean' }).notNull().default(false),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		uniqueIndex('wellbeing_answer_week_idx').on(t.participantId, t.week),
		index('wellbeing_answer_safety_idx')
			.on(t.participantId)
			.where(sql`concerns_safety = 1`)
	]
);

/**
 * A navigator's record of what they did about a reason for attention ("dealt with" plus a note).
 * The reason leaves the attention lists; for a safety concern, `action` says what was done.
 */
export const attentionResolution = sqliteTable(
	'attention_resolution',
	{
		id: integer().primaryKey({ autoIncrement: true }),
		participantId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** Names one occurrence of a reason, e.g. `cant_make_it:<booking id>`. */
		reasonKey: text().notNull(),
		kind: text().notNull(),
		/** Plain words of the reason as the navigator saw it, for the history. */
		label: text().notNull(),
		action: text(),
		note: text().notNull(),
		resolvedBy: text()
			.notNull()
			.references(() => user.id),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		uniqueIndex('attention_resolution_reason_idx').on(t.participantId, t.reasonKey),
		index('attention_resolution_history_idx').on(t.participantId, t.createdAt)
	]
);

export const pushSubscription = sqliteTable(
	'push_subscription',
	{
		id: text().primaryKey(),
		userId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		endpoint: text().notNull().unique(),
		p256dh: text().notNull(),
		auth: text().notNull(),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('push_subscription_user_idx').on(t.userId)]
);

export const notificationStatuses = ['queued', 'sent', 'cancelled'] as const;

/** Every reminder, queued once under a unique key, so it is sent at most once across restarts. */
export const notification = sqliteTable(
	'notification',
	{
		id: integer().primaryKey({ autoIncrement: true }),
		key: text().notNull().unique(),
		userId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		kind: text().notNull(),
		title: text().notNull(),
		body: text().notNull(),
		url: text().notNull(),
		/** For session reminders: the booking it is about, checked again just before sending. */
		bookingId: text(),
		dueAt: integer({ mode: 'timestamp_ms' }).notNull(),
		status: text({ enum: notificationStatuses }).notNull().default('queued'),
		sentAt: integer({ mode: 'timestamp_ms' }),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('notification_due_idx').on(t.status, t.dueAt)]
);

export const contactChannels = ['sms', 'email'] as const;
export type ContactChannel = (typeof contactChannels)[number];

/**
 * A mobile number or email address someone gave for reminders (one of each per person). Nothing
 * but the confirmation code is sent to it until they enter that code.
 */
export const contactPoint = sqliteTable(
	'contact_point',
	{
		id: text().primaryKey(),
		userId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		channel: text({ enum: contactChannels }).notNull(),
		address: text().notNull(),
		confirmedAt: integer({ mode: 'timestamp_ms' }),
		/** SHA-256 of the current code with this row's id; never the code itself. */
		codeHash: text(),
		codeExpiresAt: integer({ mode: 'timestamp_ms' }),
		codeTries: integer().notNull().default(0),
		codeSentAt: integer({ mode: 'timestamp_ms' }),
		/** Codes sent since `codesSentSince`, to stop the address being flooded. */
		codesSent: integer().notNull().default(0),
		codesSentSince: integer({ mode: 'timestamp_ms' }),
		/** The person can pause a confirmed channel without entering it again later. */
		enabled: integer({ mode: 'boolean' }).notNull().default(true),
		/** A permanent failure (invalid number, bounced email) stops the channel until re-entered. */
		failedAt: integer({ mode: 'timestamp_ms' }),
		failure: text(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('contact_point_user_channel_idx').on(t.userId, t.channel)]
);

export const deliveryStatuses = [
	'queued',
	'sending',
	'sent',
	'delivered',
	'failed',
	'cancelled'
] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * One text or email for one queued notification: unique per notification and channel, claimed
 * (queued → sending) before the request, so it goes out at most once.
 */
export const notificationDelivery = sqliteTable(
	'notification_delivery',
	{
		id: integer().primaryKey({ autoIncrement: true }),
		notificationId: integer()
			.notNull()
			.references(() => notification.id, { onDelete: 'cascade' }),
		userId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		channel: text({ enum: contactChannels }).notNull(),
		address: text().notNull(),
		status: text({ enum: deliveryStatuses }).notNull().default('queued'),
		attempts: integer().notNull().default(0),
		nextAttemptAt: integer({ mode: 'timestamp_ms' }).notNull(),
		claimedAt: integer({ mode: 'timestamp_ms' }),
		/** Notify's id for the message, once it accepted it. */
		notifyId: text(),
		/** Why it failed, in staff words; never the message or the address. */
		failure: text(),
		updatedAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		uniqueIndex('notification_delivery_once_idx').on(t.notificationId, t.channel),
		index('notification_delivery_due_idx').on(t.status, t.nextAttemptAt),
		index('notification_delivery_user_idx').on(t.userId, t.channel, t.id)
	]
);

// ── Plan: the contract's conditions, pathways with actions, volunteering hours ─────────────

export const communityConditions = ['volunteering', 'tag', 'none'] as const;
export type CommunityCondition = (typeof communityConditions)[number];

export const pathwayAreas = [
	'alcohol',
	'drugs',
	'housing',
	'mental_health',
	'physical_health',
	'finances',
	'employment_education',
	'relationships',
	'exploitation'
] as const;
export type PathwayArea = (typeof pathwayAreas)[number];

export const actionStatuses = ['not_started', 'in_progress', 'done'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

export const actionOwners = ['participant', 'navigator', 'partner'] as const;
export type ActionOwner = (typeof actionOwners)[number];

export const hoursStatuses = ['logged', 'confirmed', 'queried'] as const;
export type HoursStatus = (typeof hoursStatuses)[number];

/** The conditions beyond "do not reoffend", which always applies. One row per participant. */
export const contract = sqliteTable('contract', {
	participantId: text()
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	victimCondition: integer({ mode: 'boolean' }).notNull().default(false),
	communityCondition: text({ enum: communityConditions }).notNull().default('volunteering'),
	/** Hours of volunteering agreed, 18 to 36; null unless the community condition is volunteering. */
	volunteeringTarget: integer(),
	updatedAt: integer({ mode: 'timestamp_ms' }).notNull()
});

export const pathway = sqliteTable(
	'pathway',
	{
		id: text().primaryKey(),
		participantId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		area: text({ enum: pathwayAreas }).notNull(),
		goal: text().notNull(),
		position: integer().notNull(),
		createdAt: createdAt()
	},
	(t) => [
		index('pathway_participant_idx').on(t.participantId, t.position),
		uniqueIndex('pathway_one_per_area').on(t.participantId, t.area)
	]
);

export const planAction = sqliteTable(
	'plan_action',
	{
		id: text().primaryKey(),
		pathwayId: text()
			.notNull()
			.references(() => pathway.id, { onDelete: 'cascade' }),
		title: text().notNull(),
		description: text().notNull().default(''),
		/** Calendar date (YYYY-MM-DD) in Europe/London, or null when there is no set date. */
		dueDate: text(),
		status: text({ enum: actionStatuses }).notNull().default('not_started'),
		owner: text({ enum: actionOwners }).notNull(),
		partnerName: text(),
		partnerContact: text(),
		position: integer().notNull(),
		doneAt: integer({ mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [index('plan_action_pathway_idx').on(t.pathwayId, t.position)]
);

export const volunteeringEntry = sqliteTable(
	'volunteering_entry',
	{
		id: text().primaryKey(),
		participantId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** Calendar date (YYYY-MM-DD) in Europe/London. */
		date: text().notNull(),
		/** In quarter hours, so sums stay exact: 1.5 hours is 6. */
		quarterHours: integer().notNull(),
		place: text().notNull(),
		note: text(),
		status: text({ enum: hoursStatuses }).notNull().default('logged'),
		/** The navigator's question, when they queried the entry. */
		reviewNote: text(),
		reviewedBy: text().references(() => user.id),
		reviewedAt: integer({ mode: 'timestamp_ms' }),
		/** The participant's answer to that question; answering sends the entry back to be checked. */
		answer: text(),
		answeredAt: integer({ mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [index('volunteering_participant_date_idx').on(t.participantId, t.date)]
);

/** Every change to a plan, with who and when. Contract changes need the participant's acknowledgement. */
export const planChange = sqliteTable(
	'plan_change',
	{
		id: integer().primaryKey({ autoIncrement: true }),
		participantId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		changedBy: text()
			.notNull()
			.references(() => user.id),
		changedAt: integer({ mode: 'timestamp_ms' }).notNull(),
		/** Plain English, written for the participant to read. */
		summary: text().notNull(),
		needsAcknowledgement: integer({ mode: 'boolean' }).notNull()
	},
	(t) => [index('plan_change_participant_idx').on(t.participantId, t.id)]
);

export const planAcknowledgement = sqliteTable(
	'plan_acknowledgement',
	{
		id: integer().primaryKey({ autoIncrement: true }),
		participantId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** The latest plan change the participant had read when they acknowledged. */
		upToChangeId: integer().notNull(),
		acknowledgedAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('plan_acknowledgement_participant_idx').on(t.participantId, t.upToChangeId)]
);

// ── Security: staff second factor and retention ────────────────────────────────────────────

/** Single-use recovery codes for a lost authenticator; only their SHA-256 is kept. */
export const recoveryCode = sqliteTable(
	'recovery_code',
	{
		id: integer().primaryKey({ autoIncrement: true }),
		userId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		codeHash: text().notNull().unique(),
		usedAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [index('recovery_code_user_idx').on(t.userId)]
);

/** What is left of erased participants: counts by the month their programme ended and how. */
export const retentionTally = sqliteTable(
	'retention_tally',
	{
		endMonth: text().notNull(),
		status: text({ enum: participantStatuses }).notNull(),
		total: integer().notNull()
	},
	(t) => [uniqueIndex('retention_tally_key').on(t.endMonth, t.status)]
);

// ── Offline: actions a participant's phone queued without a connection ─────────────────────

/**
 * One row per replayed action, written in the same transaction as the action itself, so a
 * replay that arrives twice is stored once. `result` is what the first attempt answered.
 */
export const idempotencyKey = sqliteTable(
	'idempotency_key',
	{
		userId: text()
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		key: text().notNull(),
		result: text().notNull(),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.key] })]
);
