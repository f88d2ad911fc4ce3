import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
