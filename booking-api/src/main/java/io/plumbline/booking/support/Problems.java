package io.plumbline.booking.support;

import io.plumbline.events.logging.LogSafe;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.plumbline.booking.booking.BookingException;
import io.plumbline.booking.maintenance.MaintenanceException;
import io.plumbline.booking.maintenance.MaintenanceGate;
import io.plumbline.booking.writer.WriterGuard;
import io.plumbline.booking.writer.WriterUnavailableException;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.lang.Nullable;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

/**
 * Every error as an RFC 9457 problem detail that names the field at fault, in the customer's language. Never a
 * stack trace; a 500 only for a true bug, and then without details.
 */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private final MessageSource messages;
    private final WriterGuard writer;

    Problems(MessageSource messages, WriterGuard writer) {
        this.messages = messages;
        this.writer = writer;
        setMessageSource(messages);
    }

    @ExceptionHandler(BookingException.class)
    ProblemDetail booking(BookingException e) {
        HttpStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
        };
        String message = text(e.messageKey());
        ProblemDetail problem = problem(status, message);
        problem.setType(URI.create("https://plumbline.example/problems/" + e.messageKey()));
        if (e.kind() == BookingException.Kind.NOT_FOUND) {
            problem.setInstance(URI.create("/api/bookings")); // identical answers whether the code or the phone was wrong
        }
        if (e.field() != null && e.kind() != BookingException.Kind.NOT_FOUND) {
            problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", message)));
        }
        return problem;
    }

    /** Maintenance holds: 503, the customer-facing reason, and Retry-After at the window's end when it is known. */
    @ExceptionHandler(MaintenanceException.class)
    ResponseEntity<ProblemDetail> maintenance(MaintenanceException e) {
        MaintenanceGate.Decision d = e.decision();
        MaintenanceStateChanged state = d.state();
        String reason = state == null || state.reason() == null ? null
                : Locale.ENGLISH.getLanguage().equals(locale().getLanguage()) ? state.reason().en() : state.reason().ko();
        String detail = d.catchingUp() ? text("problem.maintenance.starting")
                : reason == null || reason.isBlank() ? text("problem.maintenance") : reason;
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle(text("problem.maintenance.title"));
        problem.setType(URI.create("https://plumbline.example/problems/maintenance"));
        problem.setProperty("mode", d.mode().name());
        if (state != null && state.windowEnd() != null) {
            problem.setProperty("windowEnd", state.windowEnd().toString());
        }
        if (state != null && state.expectedEnd() != null) {
            problem.setProperty("expectedEnd", state.expectedEnd().toString());
        }
        long retryAfter = seconds(d.retryAfter(java.time.Instant.now()));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter))
                .body(problem);
    }

    /** The writer database is unreachable: refuse fast, tell the client to come back. */
    @ExceptionHandler({CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
            TransientDataAccessException.class, WriterUnavailableException.class,
            org.springframework.transaction.TransactionSystemException.class})
    ResponseEntity<ProblemDetail> writerUnavailable(Exception e) {
        log.warn("database unavailable: {}", e.getMessage());
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, text("problem.database-unavailable"));
        // while the breaker is open the writer probe asks again within a second; otherwise the pool's own timeouts
        long retryAfter = writer.isOpen() ? seconds(writer.retryAfter()) : 5;
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter))
                .body(problem);
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> dataAccess(DataAccessException e) {
        log.error("database error", e);
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, text("problem.database-unavailable"));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30").body(problem);
    }

    /** Tomcat could not decode the query or form parameters (a bad percent-escape, invalid UTF-8, too many). */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ProblemDetail invalidParameters(Exception e, jakarta.servlet.http.HttpServletRequest request) {
        log.warn("unreadable parameters on {} {}: {}", request.getMethod(), LogSafe.of(request.getRequestURI()),
                LogSafe.of(e.getMessage()));
        return problem(HttpStatus.BAD_REQUEST, text("problem.invalid-parameters"));
    }

    /** Spring Security's firewall checks a header's value when it is read, so its refusal can arrive here. */
    @ExceptionHandler(org.springframework.security.web.firewall.RequestRejectedException.class)
    ProblemDetail rejected(Exception e) {
        log.warn("request rejected by the firewall: {}", LogSafe.of(e.getMessage()));
        return problem(HttpStatus.BAD_REQUEST, text("problem.rejected"));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, text("problem.internal"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", fieldMessage(f))).toList();
        String fields = String.join(", ", errors.stream().map(m -> m.get("field")).distinct().toList());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, text("problem.invalid-fields", fields));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new java.util.ArrayList<>();
        ex.getBeanResults().forEach(r -> r.getFieldErrors().forEach(f -> errors.add(Map.of("field", f.getField(), "message", fieldMessage(f)))));
        ex.getValueResults().forEach(r -> r.getResolvableErrors().forEach(e -> errors.add(Map.of(
                "field", String.valueOf(r.getMethodParameter().getParameterName()), "message", messages.getMessage(e, locale())))));
        String fields = String.join(", ", errors.stream().map(m -> m.get("field")).distinct().toList());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, text("problem.invalid-fields", fields));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = fieldOf(ex);
        ProblemDetail problem = field == null
                ? problem(HttpStatus.BAD_REQUEST, text("problem.malformed-json"))
                : problem(HttpStatus.BAD_REQUEST, text("problem.invalid-value", field));
        if (field != null) {
            problem.setProperty("errors", List.of(Map.of("field", field, "message", text("problem.invalid-value", field))));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    /** A parameter that does not convert: named, its value not repeated (it may be long, or an array). */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = ex instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m ? m.getName()
                : String.valueOf(ex.getPropertyName());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, text("problem.invalid-value", field));
        problem.setProperty("errors", List.of(Map.of("field", field, "message", text("problem.invalid-value", field))));
        return ResponseEntity.badRequest().body(problem);
    }

    /**
     * Spring MVC's own exceptions: their default details repeat the rejected input (the path, the Content-Type, the
     * method), so the answer keeps the status and a fixed text; only our own {@code ErrorResponse}s keep theirs.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && !ex.getClass().getName().startsWith("io.plumbline.")) {
            if (ex instanceof org.springframework.web.servlet.resource.NoResourceFoundException) {
                problem.setDetail(text("problem.not-found"));
            } else if (ex instanceof org.springframework.web.HttpMediaTypeNotSupportedException) {
                problem.setDetail(text("problem.media-type"));
            } else if (!(ex instanceof org.springframework.web.bind.MissingServletRequestParameterException
                    || ex instanceof org.springframework.web.bind.MissingRequestHeaderException)) {
                problem.setDetail(problem.getTitle()); // the names in those two come from the code, not the request
            }
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getDetail() == null) {
                problem.setDetail(problem.getTitle());
            }
            if (problem.getInstance() == null) {
                problem.setInstance(instance());
            }
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /**
     * A problem whose {@code instance} names the endpoint, not the path as sent: Spring MVC would otherwise copy the
     * request URI into it (echoing the input, and failing with a 500 on a path that is not a valid URI).
     */
    static ProblemDetail problem(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(instance());
        return problem;
    }

    static URI instance() {
        Object pattern = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes() == null ? null
                : org.springframework.web.context.request.RequestContextHolder.getRequestAttributes().getAttribute(
                        org.springframework.web.servlet.HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
                        org.springframework.web.context.request.RequestAttributes.SCOPE_REQUEST);
        String path = pattern instanceof String p && !p.startsWith("/**") ? p : "/";
        return URI.create(org.springframework.web.util.UriUtils.encodePath(path, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The JSON path of the offending value, e.g. {@code issueType} or {@code slotStart}. */
    private static String fieldOf(HttpMessageNotReadableException ex) {
        Throwable t = ex.getCause();
        while (t != null) {
            if (t instanceof DatabindException d && !d.getPath().isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (var ref : d.getPath()) {
                    if (ref.getPropertyName() != null) {
                        path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
                    } else if (ref.getIndex() >= 0) {
                        path.append('[').append(ref.getIndex()).append(']');
                    }
                }
                return path.isEmpty() ? null : path.toString();
            }
            t = t.getCause();
        }
        return null;
    }

    private String fieldMessage(FieldError f) {
        return messages.getMessage(f, locale());
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, locale());
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    /** Whole seconds for Retry-After, rounded up, at least one. */
    private static long seconds(java.time.Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
