CREATE TABLE `throttle_account` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`failures` integer NOT NULL,
	`blocked_until` integer NOT NULL,
	`last_failure_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE INDEX `throttle_account_last_failure_idx` ON `throttle_account` (`last_failure_at`);--> statement-breakpoint
CREATE TABLE `throttle_address` (
	`scope` text NOT NULL,
	`address` text NOT NULL,
	`failures` integer NOT NULL,
	`window_start` integer NOT NULL,
	PRIMARY KEY(`scope`, `address`)
);
--> statement-breakpoint
CREATE INDEX `throttle_address_window_idx` ON `throttle_address` (`window_start`);