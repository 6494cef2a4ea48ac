package com.example.booking.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy in front of a server that can stall: it keeps every connection open and accepts new ones, but
 * delivers nothing in either direction — what a client sees of a half-open connection or a server that
 * stopped answering. A connection that carried anything during a stall stays silent for good (its bytes
 * are dropped, never delivered late) and is cut when the stall ends; the others go on.
 */
final class StallingProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "stalling-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile boolean stalled;

    StallingProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pumps.submit(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    void stall() {
        stalled = true;
    }

    void resume() {
        stalled = false;
        links.stream().filter(link -> link.spoiled).forEach(Link::close);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.getAddress(), target.getPort());
                Link link = new Link(client, server);
                links.add(link);
                pumps.submit(() -> link.pump(client.getInputStream(), server.getOutputStream()));
                pumps.submit(() -> link.pump(server.getInputStream(), client.getOutputStream()));
            } catch (IOException e) {
                // the listener closed, or the target refused: the client sees its connection closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        links.forEach(Link::close);
        pumps.shutdownNow();
    }

    private final class Link {
        private final Socket client;
        private final Socket server;
        private volatile boolean spoiled;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        Void pump(InputStream from, OutputStream to) {
            byte[] buffer = new byte[16 * 1024];
            try {
                int read;
                while ((read = from.read(buffer)) >= 0) {
                    if (stalled) {
                        spoiled = true;
                    }
                    if (!spoiled) {
                        to.write(buffer, 0, read);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                close();
            }
            return null;
        }

        void close() {
            links.remove(this);
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
