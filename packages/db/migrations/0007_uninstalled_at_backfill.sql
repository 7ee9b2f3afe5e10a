-- Partners uninstalled before 0005 added `uninstalled_at` have none: without it the retention job never purges them and
-- the session checks take them for installed. Their retention period starts now, at the upgrade, so no data is deleted
-- sooner than UNINSTALL_RETENTION_DAYS after it.
UPDATE "partners" SET "uninstalled_at" = now()
WHERE "uninstalled_at" IS NULL AND "purged_at" IS NULL AND "app_registry_installation"->>'status' = 'uninstalled';
