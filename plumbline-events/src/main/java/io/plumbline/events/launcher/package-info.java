/** How a service behaves when the local launcher runs it: it stops with the launcher. */
package io.plumbline.events.launcher;
