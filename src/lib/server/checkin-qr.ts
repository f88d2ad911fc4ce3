import QRCode from 'qrcode';

/** The check-in link with the code, as an SVG data URL (the CSP allows data: images). */
export async function checkinQr(origin: string, code: string): Promise<string> {
	const svg = await QRCode.toString(`${origin}/check-in?code=${code}`, {
		type: 'svg',
		errorCorrectionLevel: 'M',
		margin: 2
	});
	return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

type LiveSlot = ReturnType<typeof import('./checkin').navigatorToday>[number];

/** A live slot as plain JSON for the navigator's today view and its polling endpoint. */
export async function liveSlotJson(origin: string, s: LiveSlot) {
	return {
		id: s.id,
		title: s.title,
		mode: s.mode,
		place: s.place,
		startsAt: s.startsAt.toISOString(),
		opensAt: s.opensAt.toISOString(),
		closesAt: s.closesAt.toISOString(),
		state: s.state,
		code: s.code,
		secondsLeft: s.secondsLeft,
		qr: s.code ? await checkinQr(origin, s.code) : null,
		attendees: s.attendees.map((a) => ({
			participantId: a.participantId,
			displayName: a.displayName,
			checkedInAt: a.checkedInAt?.toISOString() ?? null,
			state: { key: a.state.key, label: a.state.label, tone: a.state.tone },
			detail: a.state.detail
		}))
	};
}

export type LiveSlotJson = Awaited<ReturnType<typeof liveSlotJson>>;
