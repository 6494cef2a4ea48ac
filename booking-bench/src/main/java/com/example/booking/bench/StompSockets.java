package com.example.booking.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The WebSocket client the live benchmarks' STOMP subscribers use. On two cores the subscribers share
 * the machine with the service, so what the client spends on each frame is taken from the fan-out it
 * measures: {@code netty} (the default) reads and hands over frames on a couple of event-loop threads;
 * {@code jdk} is the JDK's {@link java.net.http.WebSocket}, which the tool used until session 19, kept
 * to compare the two in one series of runs.
 */
interface StompSockets extends AutoCloseable {

    /** The first characters of a frame a listener is given: type and position come first in every message. */
    int PREFIX = 2048;

    /** What one session receives; called on the client's threads, one frame at a time per session. */
    interface Listener {
        /** A whole frame, cut to {@link #PREFIX} characters; {@code receivedNanos} is {@link System#nanoTime()} on arrival. */
        void onFrame(CharSequence frame, long receivedNanos);

        /** The session ended: a close from the service, an error or the network. */
        void onClosed(String why);
    }

    /** An open session. */
    interface Session {
        void close();
    }

    /**
     * Opens a session to {@code url}'s {@code /ws} endpoint with the {@code v12.stomp} sub-protocol, sends
     * {@code frames} in order (CONNECT, SUBSCRIBE, …) and hands every frame it receives to the listener.
     */
    CompletableFuture<Session> open(String url, List<String> frames, Listener listener);

    @Override
    void close();

    static StompSockets of(String client) {
        return switch (client) {
            case "netty" -> new NettyStompSockets();
            case "jdk" -> new JdkStompSockets();
            default -> throw new IllegalArgumentException("--client is netty or jdk, not " + client);
        };
    }

    /** The frames that open a seat-map subscription of {@code trip} for the holder of {@code token}. */
    static List<String> seatMapSubscription(String token, String trip, boolean conflate) {
        return List.of("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nAuthorization:Bearer " + token + "\n\n\0",
                "SUBSCRIBE\nid:0\ndestination:/topic/trips/" + trip + "/seats\n" + (conflate ? "conflate:true\n" : "") + "\n\0");
    }

    static String wsUri(String url) {
        return url.replaceFirst("^http", "ws") + "/ws";
    }
}
