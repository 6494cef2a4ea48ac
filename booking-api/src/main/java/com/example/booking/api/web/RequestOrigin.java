package com.example.booking.api.web;

import com.example.booking.shared.AuditTrail;

import java.util.Map;
import java.util.UUID;

/**
 * Where the command being handled on this thread came from: the channel and the request's correlation
 * id. Set by the edge that received it (the HTTP filter, the STOMP controller), read by
 * {@link CommandRunner} when it sends the command.
 */
public final class RequestOrigin {

    public static final String REST = "REST";
    public static final String WEBSOCKET = "WEBSOCKET";

    private static final ThreadLocal<Map<String, String>> CURRENT = new ThreadLocal<>();

    private RequestOrigin() {
    }

    /** Marks this thread's work as coming from {@code channel} until the returned scope is closed. */
    public static Scope open(String channel, String requestId) {
        Map<String, String> previous = CURRENT.get();
        CURRENT.set(Map.of(AuditTrail.CHANNEL, channel,
                AuditTrail.REQUEST_ID, requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId));
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** The span of one request's work on one thread. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    public static Map<String, String> current() {
        Map<String, String> origin = CURRENT.get();
        return origin == null ? Map.of(AuditTrail.CHANNEL, REST, AuditTrail.REQUEST_ID, UUID.randomUUID().toString()) : origin;
    }
}
