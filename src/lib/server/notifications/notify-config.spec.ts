import { describe, expect, it } from 'vitest';
import { standInApiKey } from '../../../../tests/notify/stand-in';
import { channelsOffered, notifyConfigFromEnv } from './notify-config';

const templates = {
	NOTIFY_SMS_TEMPLATE_CODE: '11111111-1111-4111-8111-111111111111',
	NOTIFY_SMS_TEMPLATE_REMINDER: '22222222-2222-4222-8222-222222222222',
	NOTIFY_SMS_TEMPLATE_UPDATE: '33333333-3333-4333-8333-333333333333',
	NOTIFY_EMAIL_TEMPLATE_CODE: '44444444-4444-4444-8444-444444444444',
	NOTIFY_EMAIL_TEMPLATE_REMINDER: '55555555-5555-4555-8555-555555555555',
	NOTIFY_EMAIL_TEMPLATE_UPDATE: '66666666-6666-4666-8666-666666666666',
	NOTIFY_EMAIL_TEMPLATE_ALERT: '77777777-7777-4777-8777-777777777777'
};
const complete = {
	NOTIFY_API_KEY: standInApiKey,
	ORIGIN: 'https://app.example.org/',
	...templates
};

describe('GOV.UK Notify settings', () => {
	it('are off without a key: no text or email is offered', () => {
		expect(notifyConfigFromEnv({})).toBeNull();
		expect(channelsOffered(notifyConfigFromEnv({ ...templates, NOTIFY_API_KEY: ' ' }))).toEqual([]);
	});

	it('read the key, the templates and the callback token', () => {
		const config = notifyConfigFromEnv({
			...complete,
			NOTIFY_BASE_URL: 'http://127.0.0.1:9999/',
			NOTIFY_CALLBACK_TOKEN: 'x'.repeat(32)
		});
		expect(config).toMatchObject({
			baseUrl: 'http://127.0.0.1:9999',
			appOrigin: 'https://app.example.org',
			callbackToken: 'x'.repeat(32),
			templates: { sms: { reminder: templates.NOTIFY_SMS_TEMPLATE_REMINDER } }
		});
		expect(channelsOffered(config)).toEqual(['sms', 'email']);
	});

	it.each(Object.keys(templates))('stop the start when a key is set without %s', (name) => {
		expect(() => notifyConfigFromEnv({ ...complete, [name]: undefined })).toThrow(
			`${name} must be set when NOTIFY_API_KEY is set`
		);
	});

	it('stop the start on a malformed key, template, address or short callback token', () => {
		expect(() => notifyConfigFromEnv({ ...complete, NOTIFY_API_KEY: 'secret' })).toThrow(
			/NOTIFY_API_KEY/
		);
		expect(() =>
			notifyConfigFromEnv({ ...complete, NOTIFY_SMS_TEMPLATE_CODE: 'reminder' })
		).toThrow(/NOTIFY_SMS_TEMPLATE_CODE is not a Notify template id/);
		expect(() => notifyConfigFromEnv({ ...complete, NOTIFY_BASE_URL: 'api.example' })).toThrow(
			/NOTIFY_BASE_URL/
		);
		expect(() => notifyConfigFromEnv({ ...complete, ORIGIN: undefined })).toThrow(/ORIGIN/);
		expect(() =>
			notifyConfigFromEnv({ ...complete, ORIGIN: 'https://checkpoint.durham.police.uk' })
		).toThrow(/ORIGIN names something/);
		for (const origin of ['https://policecheckpoint.example', 'https://diversion-hub.example']) {
			expect(() => notifyConfigFromEnv({ ...complete, ORIGIN: origin }), origin).toThrow(
				/ORIGIN names something/
			);
		}
		expect(() => notifyConfigFromEnv({ ...complete, NOTIFY_CALLBACK_TOKEN: 'short' })).toThrow(
			/NOTIFY_CALLBACK_TOKEN/
		);
	});
});
