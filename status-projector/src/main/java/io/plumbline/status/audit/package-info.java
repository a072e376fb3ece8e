/** The audit log: who changed what through status-projector (admins and the emergency policy). */
package io.plumbline.status.audit;
