/** The alerts read model: Alertmanager's alerts by fingerprint, with acknowledgements and silences. */
package io.plumbline.status.alerts;
