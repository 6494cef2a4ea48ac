package com.example.booking.api.web;

import com.example.booking.api.error.ErrorBody;
import com.example.booking.shared.error.ErrorCode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses oversized bodies before anything parses them: a declared length over the limit is answered at
 * once, and a body without a declared length is cut off while it is read. Creating a trip may carry an
 * explicit plan of 100,000 seats, so it has its own, larger limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestSizeLimit extends OncePerRequestFilter {

    private final long commandLimit;
    private final long tripLimit;
    private final ObjectMapper json;

    RequestSizeLimit(@Value("${booking.limits.body:64KB}") DataSize commandLimit,
                     @Value("${booking.limits.trip-body:32MB}") DataSize tripLimit, ObjectMapper json) {
        this.commandLimit = commandLimit.toBytes();
        this.tripLimit = tripLimit.toBytes();
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = "POST".equals(request.getMethod()) && "/api/trips".equals(request.getRequestURI())
                ? tripLimit : commandLimit;
        if (request.getContentLengthLong() > limit) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(),
                    ErrorBody.of(ErrorCode.INVALID_DATA, "request body larger than " + limit + " bytes"));
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 ? new Limited(request, limit) : request, response);
    }

    /** Thrown while reading a body past its limit; surfaces as {@code invalid_data}. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("request body larger than " + limit + " bytes");
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                private void count(long n) throws IOException {
                    read += n;
                    if (read > limit) {
                        throw new BodyTooLargeException(limit);
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
