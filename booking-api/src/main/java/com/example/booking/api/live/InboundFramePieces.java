package com.example.booking.api.live;

import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Lets Tomcat hand a client's WebSocket message over in pieces of {@link #PIECE} characters, which Spring's
 * STOMP decoder assembles into frames of up to the frame limit (64 KiB) and refuses beyond it (ERROR, then
 * the session is closed, so the rest of an oversized frame is never read as frames of its own).
 * <p>
 * Without pieces Tomcat must hold a whole message in one buffer, and closed the session (1009) on a message
 * larger than it: a valid confirmation of 50 seats, ~20 KB in one message as a browser's STOMP client sends
 * it, lost its session and got no answer. Spring raises that buffer to 16 KiB + 256 characters per session
 * (33 KB of heap) for clients that split large frames; with pieces nothing needs it, so every session keeps
 * Tomcat's buffers small: with 5,000 subscribers a connection took ~53 KiB of the heap instead of ~100.
 */
final class InboundFramePieces extends WebSocketHandlerDecorator {

    /** Characters (text) or bytes (binary) Tomcat buffers before it hands a piece over. */
    static final int PIECE = 2048;

    InboundFramePieces(WebSocketHandler delegate) {
        super(delegate);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        super.afterConnectionEstablished(session);
        // after Spring's STOMP handler, which raised the limit to its minimum for unsplit 16-KiB chunks
        session.setTextMessageSizeLimit(PIECE);
        session.setBinaryMessageSizeLimit(PIECE);
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }
}
