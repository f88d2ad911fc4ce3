/** A mobile number as people write it (07700 900123); an email address as it is. */
export function readableAddress(address: string) {
	return /^07\d{9}$/.test(address) ? `${address.slice(0, 5)} ${address.slice(5)}` : address;
}
