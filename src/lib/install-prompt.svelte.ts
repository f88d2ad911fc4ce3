/** Chrome's install offer, caught as early as the app starts so it is not missed. */
type BeforeInstallPromptEvent = Event & {
	prompt: () => Promise<void>;
	userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
};

export const installOffer = $state<{ event: BeforeInstallPromptEvent | null }>({ event: null });

export function listenForInstallOffer() {
	window.addEventListener('beforeinstallprompt', (event) => {
		event.preventDefault();
		installOffer.event = event as BeforeInstallPromptEvent;
	});
	window.addEventListener('appinstalled', () => (installOffer.event = null));
}
