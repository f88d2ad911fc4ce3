import { describe, expect, it } from 'vitest';
import { standInEnvironment } from '../../../tests/notify/stand-in';
import { configurationStatus } from './configuration-status';
import { notifyConfigFromEnv } from './notifications/notify-config';
import { createTestDb } from '$fixtures/test-db';

const retention = { personalDataMonths: 12, auditYears: 6 };
const base = { totpSecretKey: null, vapidKeys: null, retention };
const notify = (extra: Record<string, string> = {}) =>
	notifyConfigFromEnv({ ...standInEnvironment, ORIGIN: 'https://app.example.org', ...extra });

describe('texts and emails on the settings page', () => {
	it('says they are off, and why, without a Notify key', () => {
		const status = configurationStatus(createTestDb(), { ...base, notify: null });
		expect(status.textAndEmail).toEqual({
			on: false,
			warning: expect.stringContaining('NOTIFY_API_KEY is not set')
		});
	});

	it('says they are on, through which service, and whether receipts come back', () => {
		const db = createTestDb();
		expect(configurationStatus(db, { ...base, notify: notify() }).textAndEmail).toEqual({
			on: true,
			service: 'GOV.UK Notify',
			receipts: true
		});
		const { NOTIFY_CALLBACK_TOKEN: _, ...withoutToken } = standInEnvironment;
		const noReceipts = notifyConfigFromEnv({
			...withoutToken,
			ORIGIN: 'https://app.example.org',
			NOTIFY_BASE_URL: 'http://127.0.0.1:9'
		});
		expect(configurationStatus(db, { ...base, notify: noReceipts }).textAndEmail).toEqual({
			on: true,
			service: 'test service',
			receipts: false
		});
	});
});
