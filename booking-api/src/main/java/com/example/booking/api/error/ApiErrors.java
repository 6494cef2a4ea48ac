package com.example.booking.api.error;

import com.example.booking.api.infra.MongoFailures;
import com.example.booking.api.web.RequestSizeLimit;
import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.BookingRejection;
import com.example.booking.shared.error.ErrorCode;
import com.mongodb.MongoException;
import jakarta.validation.ConstraintViolationException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;


/**
 * The one place where failures become the contract's JSON errors. Refusals carry their own code;
 * malformed input is {@code invalid_data}; an unreachable backing service is {@code unavailable}.
 * Anything else is a bug: it is logged with its stack trace and answered without internals.
 */
@RestControllerAdvice
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(BookingRejectedException.class)
    ResponseEntity<ErrorBody> rejected(BookingRejectedException e) {
        return respond(e.rejection());
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ErrorBody> commandFailed(CommandExecutionException e) {
        return e.getDetails().filter(BookingRejection.class::isInstance).map(BookingRejection.class::cast)
                .map(ApiErrors::respond).orElseGet(() -> unexpected(e));
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class,
            MissingServletRequestParameterException.class, MissingRequestHeaderException.class,
            ConstraintViolationException.class, HandlerMethodValidationException.class,
            IllegalArgumentException.class})
    ResponseEntity<ErrorBody> malformed(Exception e) {
        return error(ErrorCode.INVALID_DATA, readable(e));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ErrorBody> invalid(MethodArgumentNotValidException e) {
        String message = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + " " + error.getDefaultMessage())
                .sorted().reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return error(ErrorCode.INVALID_DATA, message);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(ErrorCode.INVALID_DATA, "send the body as application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException e) {
        return answer(HttpStatus.METHOD_NOT_ALLOWED,
                ErrorBody.of(ErrorCode.INVALID_DATA, "method " + e.getMethod() + " is not allowed here"));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody> noSuchPath(NoResourceFoundException e) {
        return answer(HttpStatus.NOT_FOUND, ErrorBody.noSuchPath());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ErrorBody> denied(AccessDeniedException e) {
        return error(ErrorCode.FORBIDDEN, "not allowed");
    }

    @ExceptionHandler({MongoException.class, RedisConnectionFailureException.class,
            DataAccessResourceFailureException.class, QueryTimeoutException.class})
    ResponseEntity<ErrorBody> unavailable(Exception e) {
        log.warn("backing service unavailable: {}", e.toString());
        ErrorBody body = MongoFailures.outcomeUnknown(e) ? ErrorBody.unanswered() : ErrorBody.unavailable();
        return answer(ErrorStatus.of(ErrorCode.UNAVAILABLE), body);
    }

    @ExceptionHandler(QueryExecutionException.class)
    ResponseEntity<ErrorBody> queryFailed(QueryExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof MongoException || cause instanceof DataAccessException) {
            return unavailable((Exception) cause);
        }
        return unexpected(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root instanceof BookingRejectedException rejected) {
                return respond(rejected.rejection());
            }
            if (root instanceof MongoException || root instanceof RedisConnectionFailureException
                    || root instanceof QueryTimeoutException) {
                return unavailable((Exception) root);
            }
        }
        log.error("unexpected failure", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, ErrorBody.unexpected());
    }

    static ResponseEntity<ErrorBody> respond(BookingRejection rejection) {
        // a preset content type skips Accept negotiation: errors are JSON whatever the client asked for
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(ErrorStatus.of(rejection.code()))
                .contentType(MediaType.APPLICATION_JSON);
        if (rejection.retryAfterSeconds() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, String.valueOf(rejection.retryAfterSeconds()));
        }
        return builder.body(ErrorBody.of(rejection));
    }

    private static ResponseEntity<ErrorBody> error(ErrorCode code, String message) {
        return answer(ErrorStatus.of(code), ErrorBody.of(code, message));
    }

    /** An error answer with the given status; JSON whatever the client asked for. */
    static ResponseEntity<ErrorBody> answer(HttpStatus status, ErrorBody body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static String readable(Exception e) {
        if (e instanceof HttpMessageNotReadableException unreadable) {
            // Jackson's message names Java types and echoes input; keep only what a client can act on
            for (Throwable cause = unreadable; cause != null; cause = cause.getCause()) {
                if (cause instanceof RequestSizeLimit.BodyTooLargeException tooLarge) {
                    return tooLarge.getMessage();
                }
            }
            return unreadable.getCause() == null ? "a JSON body is required" : "malformed JSON or a field of the wrong type";
        }
        if (e instanceof MethodArgumentTypeMismatchException mismatch) {
            return "parameter " + mismatch.getName() + " has the wrong type";
        }
        return e.getMessage() == null ? "invalid request" : e.getMessage();
    }
}
