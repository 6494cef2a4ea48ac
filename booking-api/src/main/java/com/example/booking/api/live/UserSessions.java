package com.example.booking.api.live;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The STOMP sessions each user has open on this node, at most {@code booking.websocket.sessions-per-user}.
 * A write to a client that stopped reading holds one of the node's outbound threads until Tomcat gives up
 * (20 s), so without a limit one user with 32 such connections froze live updates for everybody on the
 * node (when the pool was a fixed 32; it now grows up to {@code booking.websocket.outbound-max-threads}).
 * Per node, not per cluster: it protects the node's threads, and a count in Redis would outlive a node
 * that crashed with its sessions open.
 */
@Component
class UserSessions {

    private final int perUser;
    private final Map<String, String> userOfSession = new ConcurrentHashMap<>();
    private final Map<String, Integer> sessionsOfUser = new ConcurrentHashMap<>();

    UserSessions(@Value("${booking.websocket.sessions-per-user:10}") int perUser) {
        this.perUser = perUser;
    }

    int perUser() {
        return perUser;
    }

    /** Counts the session for its user, unless the user has the limit open already; a repeated CONNECT counts once. */
    boolean open(String sessionId, String user) {
        if (user.equals(userOfSession.get(sessionId))) {
            return true;
        }
        boolean[] admitted = {false};
        sessionsOfUser.compute(user, (name, open) -> {
            int count = open == null ? 0 : open;
            if (count >= perUser) {
                return open;
            }
            admitted[0] = true;
            return count + 1;
        });
        if (admitted[0]) {
            userOfSession.put(sessionId, user);
        }
        return admitted[0];
    }

    /** Spring announces the end of every session, refused ones included; only counted ones give a place back. */
    @EventListener
    void on(SessionDisconnectEvent event) {
        String user = userOfSession.remove(event.getSessionId());
        if (user != null) {
            sessionsOfUser.computeIfPresent(user, (name, open) -> open <= 1 ? null : open - 1);
        }
    }
}
