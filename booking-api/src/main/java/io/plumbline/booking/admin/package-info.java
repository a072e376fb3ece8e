/**
 * The admin API ({@code /api/admin/**}) used by status-projector's console: a service credential (HTTP Basic), the
 * acting admin's name in {@code X-Plumbline-Actor}, every change audited.
 */
package io.plumbline.booking.admin;
