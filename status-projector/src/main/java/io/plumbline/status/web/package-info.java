/** The server-rendered admin console (Thymeleaf, Korean by default, English via Accept-Language) and its live stream. */
package io.plumbline.status.web;
