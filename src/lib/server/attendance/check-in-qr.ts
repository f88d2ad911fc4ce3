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
