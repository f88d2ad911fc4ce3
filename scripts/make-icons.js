// Draws the app icons (a tick on a calm green square) as PNGs with no image library.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const green = [47, 93, 80];
const cream = [251, 248, 243];

function crc32(buf) {
	let c,
		crc = 0xffffffff;
	for (let n = 0; n < buf.length; n++) {
		c = (crc ^ buf[n]) & 0xff;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		crc = (crc >>> 8) ^ c;
	}
	return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
}

function distanceToSegment(px, py, ax, ay, bx, by) {
	const dx = bx - ax,
		dy = by - ay;
	const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
	return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** `safe` is the fraction of the icon the tick may use: smaller for maskable icons. */
function icon(size, { rounded, safe }) {
	const rows = [];
	const radius = rounded ? size * 0.22 : 0;
	const s = (v) => size / 2 + (v - 0.5) * size * safe;
	const stroke = size * safe * 0.1;
	for (let y = 0; y < size; y++) {
		const row = [0];
		for (let x = 0; x < size; x++) {
			const px = x + 0.5,
				py = y + 0.5;
			const cx = Math.min(Math.max(px, radius), size - radius);
			const cy = Math.min(Math.max(py, radius), size - radius);
			const inside = Math.hypot(px - cx, py - cy) <= radius || radius === 0;
			const d = Math.min(
				distanceToSegment(px, py, s(0.28), s(0.52), s(0.43), s(0.67)),
				distanceToSegment(px, py, s(0.43), s(0.67), s(0.73), s(0.35))
			);
			const colour = d <= stroke ? cream : green;
			row.push(...colour, inside ? 255 : 0);
		}
		rows.push(Buffer.from(row));
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 8;
	header[9] = 6;
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(Buffer.concat(rows))),
		chunk('IEND', Buffer.alloc(0))
	]);
}

writeFileSync('static/icons/icon-192.png', icon(192, { rounded: true, safe: 1 }));
writeFileSync('static/icons/icon-512.png', icon(512, { rounded: true, safe: 1 }));
writeFileSync('static/icons/maskable-512.png', icon(512, { rounded: false, safe: 0.7 }));
writeFileSync('static/icons/apple-touch-icon.png', icon(180, { rounded: false, safe: 0.85 }));
