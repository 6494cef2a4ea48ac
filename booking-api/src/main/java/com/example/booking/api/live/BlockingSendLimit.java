package com.example.booking.api.live;

import jakarta.websocket.Session;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Gives every WebSocket session Tomcat's limit on how long one write may block. A write to a client that
 * stopped reading otherwise holds one of the node's outbound threads for Tomcat's default 20 s; with
 * this limit the write fails after the session's send time limit and the session closes.
 */
class BlockingSendLimit extends WebSocketHandlerDecorator {

    /** Tomcat's per-session property, read as a Long of milliseconds for each blocking write. */
    static final String TOMCAT_PROPERTY = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final long millis;

    BlockingSendLimit(WebSocketHandler delegate, long millis) {
        super(delegate);
        this.millis = millis;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        if (session instanceof NativeWebSocketSession nativeSession
                && nativeSession.getNativeSession() instanceof Session tomcatSession) {
            tomcatSession.getUserProperties().put(TOMCAT_PROPERTY, millis);
        }
        super.afterConnectionEstablished(session);
    }
}
