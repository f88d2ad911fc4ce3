import type { ContactChannel } from '../db/schema';
import { isDiscreetAddress } from './queue';

/** What a text or email is about; each has its own template in Notify, per channel. */
export type NotifyMessageKind = 'code' | 'reminder' | 'update' | 'alert';

export type NotifyConfig = {
	apiKey: string;
	/** Notify's API, or a stand-in for tests; undefined means Notify's production address. */
	baseUrl: string | undefined;
	/** The app's public address, for the link in every message. */
	appOrigin: string;
	/** The bearer token Notify sends with delivery receipts; without it receipts are refused. */
	callbackToken: string | null;
	templates: {
		sms: Record<Exclude<NotifyMessageKind, 'alert'>, string>;
		email: Record<NotifyMessageKind, string>;
	};
};

export function channelsOffered(notify: NotifyConfig | null): ContactChannel[] {
	return notify ? ['sms', 'email'] : [];
}

export const notifyOffWarning =
	'NOTIFY_API_KEY is not set: reminders by text and email are not offered, and staff cannot get urgent alerts by email. Only push reminders are sent.';

/** Notify's key is the key name, the service id and the secret: `name-<uuid>-<uuid>`. */
const apiKeyPattern =
	/^[\w-]+-[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}-[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/;
const templateIdPattern = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/;

/**
 * GOV.UK Notify settings, or null when no key is set (text and email are then not offered). A key
 * without every template, or a malformed value, stops the server at start with the variable named.
 */
export function notifyConfigFromEnv(
	source: Record<string, string | undefined>
): NotifyConfig | null {
	const apiKey = source.NOTIFY_API_KEY?.trim();
	if (!apiKey) return null;
	if (!apiKeyPattern.test(apiKey)) {
		throw new Error(
			'NOTIFY_API_KEY is not a GOV.UK Notify API key (key name, service id and secret, joined by hyphens)'
		);
	}
	const template = (name: string, value: string | undefined) => {
		const id = value?.trim();
		if (!id) throw new Error(`${name} must be set when NOTIFY_API_KEY is set`);
		if (!templateIdPattern.test(id)) throw new Error(`${name} is not a Notify template id`);
		return id;
	};
	const baseUrl = source.NOTIFY_BASE_URL?.trim() || undefined;
	if (baseUrl && !/^https?:\/\/[^/]+$/.test(baseUrl.replace(/\/$/, ''))) {
		throw new Error(
			'NOTIFY_BASE_URL must be an address such as https://api.notifications.service.gov.uk'
		);
	}
	const appOrigin = source.ORIGIN?.trim();
	if (!appOrigin) {
		throw new Error('ORIGIN must be set when NOTIFY_API_KEY is set: messages link to it');
	}
	if (!isDiscreetAddress(appOrigin)) {
		throw new Error(
			'ORIGIN names something a text on a lock screen must not (such as police): texts and emails link to it, so give the app a neutral address'
		);
	}
	const callbackToken = source.NOTIFY_CALLBACK_TOKEN?.trim() || null;
	if (callbackToken !== null && callbackToken.length < 32) {
		throw new Error('NOTIFY_CALLBACK_TOKEN must be at least 32 characters');
	}
	return {
		apiKey,
		baseUrl: baseUrl?.replace(/\/$/, ''),
		appOrigin: appOrigin.replace(/\/$/, ''),
		callbackToken,
		templates: {
			sms: {
				code: template('NOTIFY_SMS_TEMPLATE_CODE', source.NOTIFY_SMS_TEMPLATE_CODE),
				reminder: template('NOTIFY_SMS_TEMPLATE_REMINDER', source.NOTIFY_SMS_TEMPLATE_REMINDER),
				update: template('NOTIFY_SMS_TEMPLATE_UPDATE', source.NOTIFY_SMS_TEMPLATE_UPDATE)
			},
			email: {
				code: template('NOTIFY_EMAIL_TEMPLATE_CODE', source.NOTIFY_EMAIL_TEMPLATE_CODE),
				reminder: template('NOTIFY_EMAIL_TEMPLATE_REMINDER', source.NOTIFY_EMAIL_TEMPLATE_REMINDER),
				update: template('NOTIFY_EMAIL_TEMPLATE_UPDATE', source.NOTIFY_EMAIL_TEMPLATE_UPDATE),
				alert: template('NOTIFY_EMAIL_TEMPLATE_ALERT', source.NOTIFY_EMAIL_TEMPLATE_ALERT)
			}
		}
	};
}
