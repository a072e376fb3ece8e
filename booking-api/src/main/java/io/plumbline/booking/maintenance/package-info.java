/**
 * The maintenance gate: every replica follows the compacted {@code ops.maintenance.v1} from its beginning and refuses
 * writes while maintenance holds. Not ready until it has caught up, so a replica never accepts a write it should
 * have refused.
 */
package io.plumbline.booking.maintenance;
