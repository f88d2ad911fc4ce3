DROP INDEX `throttle_account_last_failure_idx`;--> statement-breakpoint
CREATE INDEX `throttle_account_last_failure_idx` ON `throttle_account` (`scope`,`last_failure_at`);--> statement-breakpoint
DROP INDEX `throttle_address_window_idx`;--> statement-breakpoint
CREATE INDEX `throttle_address_window_idx` ON `throttle_address` (`scope`,`window_start`);