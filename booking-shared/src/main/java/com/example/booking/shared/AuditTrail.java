package com.example.booking.shared;

/**
 * The keys under which every command and the events it causes carry who and what caused them. Events
 * without an actor were caused by the system itself (hold expiry deadlines).
 */
public final class AuditTrail {

    /** The user id of the JWT that sent the command. */
    public static final String ACTOR = "actor";
    /** {@code REST} or {@code WEBSOCKET}. */
    public static final String CHANNEL = "channel";
    /** The request's correlation id ({@code X-Request-Id}, or one made up per request). */
    public static final String REQUEST_ID = "requestId";
    public static final String SYSTEM = "system";

    private AuditTrail() {
    }
}
