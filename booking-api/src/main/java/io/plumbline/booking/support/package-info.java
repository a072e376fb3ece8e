/** Cross-cutting web plumbing: problem details, request limits, locale, rate limiting, clock. */
package io.plumbline.booking.support;
