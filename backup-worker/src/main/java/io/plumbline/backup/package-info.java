/**
 * backup-worker: a consistent logical backup of the booking database with the standard dump tool, streamed through
 * gzip and SHA-256 to the backup volume, verified by a real restore, pruned by retention; every result an event on
 * {@code ops.backups.v1}.
 */
package io.plumbline.backup;
