import { lookup } from 'node:dns/promises';
import { Agent } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where a push may be sent: the browser names the address, so without these rules a participant
 * could make the server connect to itself or to the private network (server-side request forgery).
 */
// Two lists: a BlockList also matches IPv4 addresses against IPv4-mapped IPv6 rules, so one list
// refusing ::ffff:0:0/96 would refuse every IPv4 address.
const notPublicV4 = new BlockList();
const notPublicV6 = new BlockList();
for (const [network, prefix] of [
	['0.0.0.0', 8], // this network, unspecified
	['10.0.0.0', 8],
	['100.64.0.0', 10], // carrier-grade NAT
	['127.0.0.0', 8],
	['169.254.0.0', 16], // link-local, cloud metadata
	['172.16.0.0', 12],
	['192.0.0.0', 24],
	['192.0.2.0', 24],
	['192.168.0.0', 16],
	['198.18.0.0', 15],
	['198.51.100.0', 24],
	['203.0.113.0', 24],
	['224.0.0.0', 4], // multicast
	['240.0.0.0', 4] // reserved, broadcast
] as const)
	notPublicV4.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
	['::', 128], // unspecified
	['::1', 128],
	['::ffff:0:0', 96], // IPv4-mapped
	['::', 96], // IPv4-compatible
	['64:ff9b::', 96], // NAT64
	['100::', 64],
	['2001::', 32], // Teredo
	['2001:db8::', 32],
	['2002::', 16], // 6to4
	['fc00::', 7], // unique local
	['fe80::', 10], // link-local
	['ff00::', 8] // multicast
] as const)
	notPublicV6.addSubnet(network, prefix, 'ipv6');

export function isPublicAddress(address: string): boolean {
	const family = isIP(address);
	if (family === 0) return false;
	return family === 4 ? !notPublicV4.check(address, 'ipv4') : !notPublicV6.check(address, 'ipv6');
}

const localNames = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

/** Why this push address cannot be used, or null: https on the default port, to a public host. */
export function pushEndpointProblem(endpoint: string): string | null {
	let url: URL;
	try {
		url = new URL(endpoint);
	} catch {
		return 'not an address';
	}
	if (url.protocol !== 'https:') return 'not https';
	if (url.port !== '') return 'not the default port';
	if (url.username || url.password) return 'has credentials';
	const host = url.hostname.replace(/^\[|\]$/g, '');
	if (isIP(host)) return isPublicAddress(host) ? null : 'not a public address';
	if (!host.includes('.') || localNames.test(host)) return 'not a public name';
	return null;
}

export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

const resolveAll: Resolve = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * A DNS lookup for outgoing pushes that refuses a name if any of its addresses is not public,
 * and connects to the addresses it checked (a second lookup could answer differently).
 */
export function publicOnlyLookup(resolve: Resolve = resolveAll): LookupFunction {
	return (hostname, options, callback) => {
		resolve(hostname).then(
			(addresses) => {
				const refused =
					addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address));
				if (refused) {
					callback(
						Object.assign(new Error(`${hostname} is not a public address`), { code: 'ENOTPUBLIC' }),
						'',
						0
					);
					return;
				}
				const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
				const usable = addresses.filter((a) => !wanted || a.family === wanted);
				if (options.all) callback(null, usable);
				else callback(null, usable[0]?.address ?? '', usable[0]?.family ?? 0);
			},
			(error: NodeJS.ErrnoException) => callback(error, '', 0)
		);
	};
}

/** The agent every push goes out through: public addresses only. */
export function publicPushAgent(resolve?: Resolve) {
	return new Agent({ lookup: publicOnlyLookup(resolve), keepAlive: false });
}
