/** Backup run results on {@code ops.backups.v1}, produced by backup-worker. */
package io.plumbline.events.backups;
