package io.plumbline.booking.support;

import java.util.Locale;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page, for what is refused before Spring MVC's handlers (Tomcat, Spring Security): a problem detail with
 * the status and its reason, nothing of the request. Asked for directly, {@code /error} is a page that does not exist
 * (Boot's own answered 500 to {@code GET /error}).
 */
@RestController
class ErrorPages implements ErrorController {

    private final MessageSource messages;

    ErrorPages(MessageSource messages) {
        this.messages = messages;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null ? HttpStatus.resolve(c) : HttpStatus.NOT_FOUND;
        Locale locale = LocaleContextHolder.getLocale();
        String detail = switch (status) {
            case NOT_FOUND -> messages.getMessage("problem.not-found", null, locale);
            case BAD_REQUEST -> messages.getMessage("problem.rejected", null, locale);
            case INTERNAL_SERVER_ERROR -> messages.getMessage("problem.internal", null, locale);
            default -> status.getReasonPhrase();
        };
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.problem(status, detail));
    }
}
