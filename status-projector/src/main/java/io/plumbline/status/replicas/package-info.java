/**
 * How several status-projector replicas share the work: the leader election that runs the sources on one replica only,
 * and the per-instance topic follower with which every replica builds its own full view without a consumer group.
 */
package io.plumbline.status.replicas;
