/** Who is responsible for the data, for the privacy notice. Set per force in the environment. */
export type Controller = {
	name: string;
	contact: string;
	dataProtectionOfficer: string;
	/** True while any part is still the demo's placeholder: the page says so. */
	placeholder: boolean;
};

export const demoController = {
	name: 'Durham Constabulary (demo: set CONTROLLER_NAME)',
	contact: 'Checkpoint programme, write to the address your navigator gives you (demo)',
	dataProtectionOfficer: 'The Data Protection Officer, at the same address (demo)'
} as const;

export function controllerFromEnv(env: Record<string, string | undefined>): Controller {
	const name = env.CONTROLLER_NAME?.trim();
	const contact = env.CONTROLLER_CONTACT?.trim();
	const dataProtectionOfficer = env.DPO_CONTACT?.trim();
	return {
		name: name || demoController.name,
		contact: contact || demoController.contact,
		dataProtectionOfficer: dataProtectionOfficer || demoController.dataProtectionOfficer,
		placeholder: !name || !contact || !dataProtectionOfficer
	};
}
