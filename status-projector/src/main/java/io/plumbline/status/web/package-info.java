/** What every console page shares: the layout's model ({@link io.plumbline.status.web.ConsoleModel}) and the templates' formatting ({@code @fmt}). */
package io.plumbline.status.web;
