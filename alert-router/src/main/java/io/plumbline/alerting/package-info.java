/** alert-router: the application and its settings; features live in sub-packages. */
package io.plumbline.alerting;
