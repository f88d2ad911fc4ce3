import type { ClientInit } from '@sveltejs/kit';
import { listenForInstallOffer } from '$lib/install-prompt.svelte';

export const init: ClientInit = () => {
	listenForInstallOffer();
};
