package com.example.booking.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.messaging.converter.MappingJackson2MessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

import java.lang.reflect.Type;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/** A real STOMP-over-WebSocket client (Spring's), collecting what each subscription receives. */
final class StompTestClient implements AutoCloseable {

    private final WebSocketStompClient client;
    private final StompSession session;
    final BlockingQueue<String> errors;

    private StompTestClient(WebSocketStompClient client, StompSession session, BlockingQueue<String> errors) {
        this.client = client;
        this.session = session;
        this.errors = errors;
    }

    static StompTestClient connect(int port, String token) throws Exception {
        // seat-map snapshots are large; the JSR-356 client accepts only 8 KiB messages by default
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(32 * 1024 * 1024);
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient(container));
        client.setMessageConverter(new MappingJackson2MessageConverter());
        client.setInboundMessageSizeLimit(32 * 1024 * 1024);
        BlockingQueue<String> errors = new LinkedBlockingQueue<>();
        StompHeaders connect = new StompHeaders();
        if (token != null) {
            connect.add("Authorization", "Bearer " + token);
        }
        CompletableFuture<StompSession> session = client.connectAsync(URI.create("ws://127.0.0.1:" + port + "/ws"),
                new WebSocketHttpHeaders(), connect, new StompSessionHandlerAdapter() {
                    @Override
                    public void handleFrame(StompHeaders headers, Object payload) {
                        errors.add(String.valueOf(headers.getFirst("message")));
                    }

                    @Override
                    public Type getPayloadType(StompHeaders headers) {
                        return byte[].class;
                    }

                    @Override
                    public void handleException(StompSession s, StompCommand command, StompHeaders headers,
                                                byte[] payload, Throwable exception) {
                        errors.add("exception " + headers.getFirst("message") + " " + exception);
                    }

                    @Override
                    public void handleTransportError(StompSession s, Throwable exception) {
                        errors.add("transport " + exception);
                    }
                });
        try {
            return new StompTestClient(client, session.get(5, TimeUnit.SECONDS), errors);
        } catch (Exception e) {
            client.stop();
            throw e;
        }
    }

    BlockingQueue<JsonNode> subscribe(String destination) {
        return subscribe(destination, Map.of());
    }

    /** Subscribes with extra SUBSCRIBE headers, such as {@code conflate}. */
    BlockingQueue<JsonNode> subscribe(String destination, Map<String, String> extraHeaders) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        extraHeaders.forEach(headers::add);
        return collect(headers, JsonNode.class, (frame, payload) -> (JsonNode) payload);
    }

    /** Subscribes and collects the STOMP headers of each frame the subscription receives. */
    BlockingQueue<StompHeaders> subscribeForHeaders(String destination) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        return collect(headers, byte[].class, (frame, payload) -> frame);
    }

    /** What {@code kept} makes of each frame the subscription receives, in order. */
    private <T> BlockingQueue<T> collect(StompHeaders subscribe, Type payloadType,
                                         BiFunction<StompHeaders, Object, T> kept) {
        BlockingQueue<T> received = new LinkedBlockingQueue<>();
        session.subscribe(subscribe, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return payloadType;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                received.add(kept.apply(headers, payload));
            }
        });
        return received;
    }

    void send(String destination, Map<String, Object> body) {
        session.send(destination, body);
    }

    /** Sends a body as it is, JSON or not. */
    void sendRaw(String destination, String body) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setContentType(org.springframework.util.MimeTypeUtils.APPLICATION_JSON);
        session.send(headers, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    boolean connected() {
        return session.isConnected();
    }

    @Override
    public void close() {
        if (session.isConnected()) {
            session.disconnect();
        }
        client.stop();
    }
}
