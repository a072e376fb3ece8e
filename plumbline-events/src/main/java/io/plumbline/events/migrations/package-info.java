/** A service's schema migrations as a step of their own ({@code java -jar <service>.jar migrate}), apart from the running service. */
package io.plumbline.events.migrations;
