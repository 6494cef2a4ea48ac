package com.example.booking.api.infra;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A real redis-server on a free local port, without snapshots, and a started Lettuce connection factory
 * to it: for tests of one component against Redis itself, without the application around it.
 */
public final class LocalRedis implements AutoCloseable {

    private final RedisServer server;
    private final LettuceConnectionFactory connections;

    private LocalRedis(RedisServer server, LettuceConnectionFactory connections) {
        this.server = server;
        this.connections = connections;
    }

    public static LocalRedis start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").build();
        server.start();
        LettuceConnectionFactory connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        connections.afterPropertiesSet();
        connections.start();
        return new LocalRedis(server, connections);
    }

    /** {@link #start()} for a field's initialiser, as in {@code @AutoClose static final LocalRedis redis = LocalRedis.started();}. */
    public static LocalRedis started() {
        try {
            return start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a local redis-server", e);
        }
    }

    public LettuceConnectionFactory connections() {
        return connections;
    }

    /** Stops the server alone, as an outage does; the connections stay and see it gone. */
    public void stopServer() throws IOException {
        server.stop();
    }

    @Override
    public void close() throws IOException {
        connections.destroy();
        if (server.isActive()) {
            server.stop();
        }
    }
}
