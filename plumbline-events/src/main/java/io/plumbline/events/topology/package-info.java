/** Database topology facts on {@code ops.db-topology.v1}, produced by status-projector's watchers. */
package io.plumbline.events.topology;
