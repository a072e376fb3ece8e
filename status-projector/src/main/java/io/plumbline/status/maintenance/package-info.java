/**
 * Maintenance control: the state on the compacted {@code ops.maintenance.v1} read back from the log, and the
 * commands (admin start / schedule / end, policy emergency) that publish the next full state.
 */
package io.plumbline.status.maintenance;
