/** What services may log of a request's own text. */
package io.plumbline.events.logging;
