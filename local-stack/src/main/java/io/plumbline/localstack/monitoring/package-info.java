/**
 * Real monitoring components from Debian's packages (Prometheus, Alertmanager, node and mysqld exporters) run as
 * plain processes on 127.0.0.1, for the local stack, the scenario runner and integration tests.
 */
package io.plumbline.localstack.monitoring;
