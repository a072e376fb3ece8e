/** The maintenance state on the compacted {@code ops.maintenance.v1}, produced by status-projector. */
package io.plumbline.events.maintenance;
