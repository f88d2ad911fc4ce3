import { error } from '@sveltejs/kit';
import { requireCoordinator } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { InputError, textField } from '$lib/server/input';
import { auditedExport, checkPaperRequestReason, exportDownload } from '$lib/server/rights/export';
import type { RequestHandler } from './$types';

/** Posted from the on-screen copy, which has already asked for the reason. */
export const POST: RequestHandler = async (event) => {
	const coordinator = requireCoordinator(event);
	const reason = textField(await event.request.formData(), 'reason');
	try {
		checkPaperRequestReason(reason);
	} catch (e) {
		if (e instanceof InputError) error(400, 'Say who asked for this copy and how.');
		throw e;
	}
	const data = auditedExport(
		getDb(),
		coordinator,
		event.params.id,
		{ format: 'json', reason },
		event.locals.requestId
	);
	if (!data) error(404, 'Not found');
	return exportDownload(data);
};
