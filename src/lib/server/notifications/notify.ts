import { NotifyClient } from 'notifications-node-client';
import type { ContactChannel } from '../db/schema';
import { isDiscreet } from './queue';
import type { NotifyConfig } from './notify-config';

export type NotifyOutcome =
	| { result: 'accepted'; notifyId: string }
	/** Notify refused the number or address itself: sending again will not help. */
	| { result: 'invalid-address'; reason: string }
	/** Refused for a reason of ours (key, template, personalisation): staff must fix it. */
	| { result: 'refused'; reason: string }
	/** 429 or 5xx: Notify did not take it; worth trying again later. */
	| { result: 'try-later'; reason: string }
	/** No answer: Notify may or may not have taken it, so ask by reference before sending again. */
	| { result: 'unknown'; reason: string };

export type NotifySender = {
	send(message: {
		channel: ContactChannel;
		templateId: string;
		to: string;
		personalisation: Record<string, string>;
		reference: string;
	}): Promise<NotifyOutcome>;
	/** Notify's id for a message sent with this reference, null if it never arrived, or undefined if Notify cannot be asked now. */
	findByReference(reference: string): Promise<string | null | undefined>;
};

type NotifyErrorBody = { status_code?: number; errors?: { error?: string; message?: string }[] };

function errorOf(e: unknown): { status: number | null; reason: string } {
	const response = (e as { response?: { status?: number; data?: NotifyErrorBody } }).response;
	if (!response) return { status: null, reason: 'no answer from Notify' };
	const first = response.data?.errors?.[0];
	// Notify's messages name the field and the rule, never the value sent.
	const reason = first ? `${first.error ?? 'Error'}: ${first.message ?? ''}`.trim() : 'no detail';
	return { status: response.status ?? null, reason: `${response.status} ${reason}` };
}

const requestTimeoutMs = 10_000;

export function createNotifySender(config: NotifyConfig): NotifySender {
	const client = config.baseUrl
		? new NotifyClient(config.baseUrl, config.apiKey)
		: new NotifyClient(config.apiKey);
	// A request with no answer must not hold up the reminders behind it.
	const request = (client as unknown as { apiClient: { restClient: (o: object) => unknown } })
		.apiClient;
	const axiosRequest = request.restClient;
	request.restClient = (options: object) => axiosRequest({ ...options, timeout: requestTimeoutMs });

	return {
		async send({ channel, templateId, to, personalisation, reference }) {
			if (!Object.values(personalisation).every(isDiscreet)) {
				return { result: 'refused', reason: 'not discreet enough to send' };
			}
			try {
				const response =
					channel === 'sms'
						? await client.sendSms(templateId, to, { personalisation, reference })
						: await client.sendEmail(templateId, to, { personalisation, reference });
				return { result: 'accepted', notifyId: response.data.id };
			} catch (e) {
				const { status, reason } = errorOf(e);
				if (status === null) return { result: 'unknown', reason };
				if (status === 429 || status >= 500) {
					return { result: 'try-later', reason };
				}
				if (status === 400 && /phone_number|email_address/i.test(reason)) {
					return { result: 'invalid-address', reason };
				}
				return { result: 'refused', reason };
			}
		},
		async findByReference(reference) {
			try {
				const response = await client.getNotifications(undefined, undefined, reference);
				const found = (response.data as { notifications?: { id: string }[] }).notifications ?? [];
				return found[0]?.id ?? null;
			} catch {
				return undefined;
			}
		}
	};
}
