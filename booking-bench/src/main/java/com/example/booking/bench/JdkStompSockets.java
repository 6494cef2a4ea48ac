package com.example.booking.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link StompSockets} on the JDK's WebSocket client, spread over a few HTTP clients (each has a selector thread). */
final class JdkStompSockets implements StompSockets {

    private final HttpClient[] clients = BenchClient.subscriberClients();
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public CompletableFuture<Session> open(String url, List<String> frames, Listener listener) {
        HttpClient client = clients[Math.floorMod(next.getAndIncrement(), clients.length)];
        return client.newWebSocketBuilder().subprotocols("v12.stomp")
                .buildAsync(URI.create(StompSockets.wsUri(url)), new WebSocket.Listener() {
                    private final StringBuilder frame = new StringBuilder();

                    @Override
                    public void onOpen(WebSocket socket) {
                        // one send at a time: the JDK client refuses a send while another is pending
                        CompletableFuture<WebSocket> sent = CompletableFuture.completedFuture(socket);
                        for (String each : frames) {
                            sent = sent.thenCompose(open -> open.sendText(each, true));
                        }
                        socket.request(1);
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        if (frame.length() < PREFIX) {
                            frame.append(data, 0, Math.min(data.length(), PREFIX - frame.length()));
                        }
                        if (last) {
                            listener.onFrame(frame, System.nanoTime());
                            frame.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                        listener.onClosed("closed " + status + " " + reason);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket socket, Throwable error) {
                        listener.onClosed("error " + error);
                    }
                }).thenApply(socket -> () -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
    }

    @Override
    public void close() {
        // the HTTP clients' threads are daemons and end with the tool
    }
}
