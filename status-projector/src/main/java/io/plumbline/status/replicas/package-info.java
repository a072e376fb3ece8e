/**
 * How several status-projector replicas share the work: the leader election that runs the sources on one replica only.
 * Each replica builds its own full view without a consumer group through
 * {@link io.plumbline.events.kafka.TopicFollower}.
 */
package io.plumbline.status.replicas;
