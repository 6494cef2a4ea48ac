package com.example.booking.api.live;

import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class BlockingSendLimitTest {

    @Test
    void everyNewSessionGetsTheLimitTomcatReadsAndTheHandlerStillSeesTheSession() throws Exception {
        Map<String, Object> properties = new HashMap<>();
        Session tomcatSession = mock(Session.class);
        when(tomcatSession.getUserProperties()).thenReturn(properties);
        StandardWebSocketSession session = new StandardWebSocketSession(null, null, null, null);
        session.initializeNativeSession(tomcatSession);
        WebSocketHandler stomp = mock(WebSocketHandler.class);

        new BlockingSendLimit(stomp, 10_000).afterConnectionEstablished(session);

        // Tomcat ignores anything but a Long here
        assertThat(properties).containsEntry("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT", 10_000L);
        verify(stomp).afterConnectionEstablished(session);
    }
}
