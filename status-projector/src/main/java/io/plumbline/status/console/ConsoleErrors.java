package io.plumbline.status.console;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;

/**
 * Boot's error page and JSON, except that {@code /error} asked for directly (not as an error dispatch) is 404: Boot
 * would answer it 500, as if the server had failed.
 */
@Controller
class ConsoleErrors extends BasicErrorController {

    ConsoleErrors(ErrorAttributes attributes, WebProperties web, List<ErrorViewResolver> views) {
        super(attributes, web.getError(), views);
    }

    @Override
    protected HttpStatus getStatus(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
            return HttpStatus.NOT_FOUND;
        }
        return super.getStatus(request);
    }
}
