/** The console's overview page: a card per read model, and the live stream. */
package io.plumbline.status.overview;
