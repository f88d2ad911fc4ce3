CREATE TABLE `recovery_code` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recovery_code_codeHash_unique` ON `recovery_code` (`code_hash`);--> statement-breakpoint
CREATE INDEX `recovery_code_user_idx` ON `recovery_code` (`user_id`);--> statement-breakpoint
CREATE TABLE `retention_tally` (
	`end_month` text NOT NULL,
	`status` text NOT NULL,
	`total` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `retention_tally_key` ON `retention_tally` (`end_month`,`status`);--> statement-breakpoint
ALTER TABLE `session` ADD `two_factor_verified` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `user` ADD `two_factor_exempt` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `user` ADD `totp_key` text;--> statement-breakpoint
ALTER TABLE `user` ADD `totp_last_step` integer;