/** Error lines from Loki (when configured) for the console's overview and live stream. */
package io.plumbline.status.logs;
