package com.example.booking.api.live;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds a session's seat-feed messages until its CONNECTED frame has gone out. A client may send
 * SUBSCRIBE right behind CONNECT; the broker answers CONNECT on an inbound thread, while {@link TripFeeds}
 * sends the snapshot as the subscription is taken, so on a busy node the snapshot was handed over first
 * and reached the client before CONNECTED, against the STOMP protocol. Watches the outbound channel:
 * once the broker's CONNECT_ACK has been handed to the session, what is handed over later comes after it.
 * Registered on both channels: inbound it notes a CONNECT, outbound it notes the CONNECT_ACK.
 */
@Component
class ConnectedSessions implements ExecutorChannelInterceptor {

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** {@code channel}, but the messages of a session not connected yet wait, in order, until it is. */
    MessageChannel afterConnected(MessageChannel channel) {
        return new MessageChannel() {
            @Override
            public boolean send(Message<?> message) {
                return send(message, INDEFINITE_TIMEOUT);
            }

            @Override
            public boolean send(Message<?> message, long timeout) {
                String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
                Session session = sessionId == null ? null : sessions.get(sessionId);
                // a session this node does not know (or no longer) is Spring's to drop, as before
                if (session != null && session.held(message)) {
                    return true;
                }
                return channel.send(message, timeout);
            }
        };
    }

    /**
     * On the inbound channel, on the receiving thread: a CONNECT that got past the gatekeeper, before the
     * broker sees it and before any frame the client sent after it. (Spring's SessionConnectEvent comes
     * after the broker may already have answered.)
     */
    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.CONNECT) {
            String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
            if (sessionId != null) {
                sessions.putIfAbsent(sessionId, new Session());
            }
        }
        return message;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
        if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.CONNECT_ACK) {
            Session session = sessions.get(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()));
            if (session != null) {
                session.connected(channel);
            }
        }
    }

    @EventListener
    void on(SessionDisconnectEvent event) {
        sessions.remove(event.getSessionId());
    }

    private static final class Session {
        /** Set once the held messages have been handed on; from then on nothing is held. */
        private volatile boolean open;
        private final List<Message<?>> held = new ArrayList<>();

        boolean held(Message<?> message) {
            if (open) {
                return false;
            }
            synchronized (this) {
                if (!open) {
                    held.add(message);
                    return true;
                }
            }
            return false;
        }

        /** Hands the held messages on under the lock, so that none sent meanwhile overtakes them. */
        synchronized void connected(MessageChannel channel) {
            held.forEach(channel::send);
            held.clear();
            open = true;
        }
    }
}
