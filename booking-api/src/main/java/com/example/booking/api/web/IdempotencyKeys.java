package com.example.booking.api.web;

import com.example.booking.api.error.ErrorBody;
import com.example.booking.shared.error.BookingRejection;
import com.example.booking.shared.error.ErrorCode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code Idempotency-Key} on POST: a repeat with the same key by the same user gets the first answer
 * again and changes nothing. The first answer is kept in Redis for a day, shared by all nodes; a repeat
 * that arrives while the first is still being handled waits for its answer. Reusing a key for a
 * different request is refused.
 */
@Component
public class IdempotencyKeys extends ApiFilter {

    static final String HEADER = "Idempotency-Key";
    /**
     * Request attribute naming this (user, key) pair, so a handler can make a re-run after a crash land
     * on what the first run did (a confirmation reuses its booking reference).
     */
    public static final String REQUEST_KEY = "com.example.booking.idempotency.requestKey";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);
    private static final Duration KEEP = Duration.ofHours(24);
    private static final Duration WAIT_FOR_FIRST = Duration.ofSeconds(15);

    private final StringRedisTemplate redis;
    private final ObjectMapper json;

    private final Duration pendingFor;

    IdempotencyKeys(StringRedisTemplate redis, ObjectMapper json,
                    @Value("${booking.idempotency.pending-for:60s}") Duration pendingFor) {
        this.redis = redis;
        this.json = json;
        this.pendingFor = pendingFor;
    }

    /** What is kept of the first request under a key: its fingerprint and, once answered, the answer. */
    record Stored(String fingerprint, Integer status, String contentType, String body) {

        boolean answered() {
            return status != null;
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return super.shouldNotFilter(request) || !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key.isBlank() || key.length() > 200) {
            write(response, 400, ErrorBody.of(ErrorCode.INVALID_DATA, "Idempotency-Key is 1 to 200 characters"));
            return;
        }
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        String user = caller == null || !caller.isAuthenticated() ? "anonymous" : caller.getName();
        byte[] body = request.getInputStream().readAllBytes();
        String fingerprint = sha256(request.getRequestURI() + "\n" + (request.getQueryString() == null ? "" : request.getQueryString())
                + "\n" + new String(body, StandardCharsets.UTF_8));
        String redisKey = "booking:idempotency:" + sha256(user + "\n" + key);
        try {
            Boolean first = redis.opsForValue().setIfAbsent(redisKey,
                    json.writeValueAsString(new Stored(fingerprint, null, null, null)), pendingFor);
            if (Boolean.TRUE.equals(first)) {
                handleFirst(new Replayable(request, body), response, chain, redisKey, fingerprint);
            } else {
                replay(response, redisKey, fingerprint);
            }
        } catch (DataAccessException e) {
            log.warn("idempotency store unavailable: {}", e.toString());
            write(response, 503, ErrorBody.unavailable());
        }
    }

    private void handleFirst(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                             String redisKey, String fingerprint) throws IOException, ServletException {
        // The pending marker lapses after pendingFor: if this node dies mid-request, the client's retry
        // with the same key runs again instead of waiting a day for an answer that will never come.
        request.setAttribute(REQUEST_KEY, redisKey);
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(request, recorded);
            if (recorded.getStatus() < 500) {
                redis.opsForValue().set(redisKey, json.writeValueAsString(new Stored(fingerprint, recorded.getStatus(),
                        recorded.getContentType(), new String(recorded.getContentAsByteArray(), StandardCharsets.UTF_8))), KEEP);
                kept = true;
            }
        } finally {
            if (!kept) {
                // a failure is not an answer to repeat: the client may try again with the same key
                redis.delete(redisKey);
            }
            recorded.copyBodyToResponse();
        }
    }

    private void replay(HttpServletResponse response, String redisKey, String fingerprint) throws IOException {
        long deadline = System.nanoTime() + WAIT_FOR_FIRST.toNanos();
        while (true) {
            String value = redis.opsForValue().get(redisKey);
            if (value == null) {
                write(response, 409, ErrorBody.of(new BookingRejection(ErrorCode.SEAT_LOCKED,
                        "the first request with this Idempotency-Key failed; send it again", List.of(), List.of(), 1L)));
                return;
            }
            Stored stored = json.readValue(value, Stored.class);
            if (!stored.fingerprint().equals(fingerprint)) {
                write(response, 400, ErrorBody.of(ErrorCode.INVALID_DATA, "Idempotency-Key was used for a different request"));
                return;
            }
            if (stored.answered()) {
                response.setStatus(stored.status());
                response.setHeader("Idempotent-Replayed", "true");
                if (stored.contentType() != null) {
                    response.setContentType(stored.contentType());
                }
                response.getOutputStream().write(stored.body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (System.nanoTime() > deadline) {
                write(response, 409, ErrorBody.of(new BookingRejection(ErrorCode.SEAT_LOCKED,
                        "the first request with this Idempotency-Key is still running", List.of(), List.of(), 1L)));
                return;
            }
            synchronized (this) {
                try {
                    wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void write(HttpServletResponse response, int status, ErrorBody body) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        if (body.retryAfterSeconds() != null) {
            response.setHeader("Retry-After", body.retryAfterSeconds().toString());
        }
        json.writeValue(response.getOutputStream(), body);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with its body read once for the fingerprint and served again to the controller. */
    private static final class Replayable extends HttpServletRequestWrapper {

        private final byte[] body;

        Replayable(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
