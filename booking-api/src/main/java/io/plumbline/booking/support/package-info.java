/** Cross-cutting web plumbing: problem details, request limits, locale, clock. */
package io.plumbline.booking.support;
