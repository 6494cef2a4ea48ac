package com.example.booking.api.infra;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

/** The Redis connection behind the per-trip locks. Without {@code REDIS_URL} a real redis-server binary is started. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RedisConfiguration.class);

    @Bean(destroyMethod = "stop")
    @ConditionalOnExpression("'${booking.infra.redis-url:}'.isBlank()")
    EmbeddedRedis embeddedRedis(InfrastructureProperties properties) {
        int port = properties.embeddedRedisPort() == 0 ? freePort() : properties.embeddedRedisPort();
        try {
            RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
            log.info("embedded Redis on 127.0.0.1:{}", port);
            return new EmbeddedRedis(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded Redis", e);
        }
    }

    @Bean
    LettuceConnectionFactory redisConnectionFactory(InfrastructureProperties properties,
                                                    ObjectProvider<EmbeddedRedis> embedded) {
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration();
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                // a command must not hang when Redis is away: it answers 503 instead
                .commandTimeout(Duration.ofSeconds(2))
                // while the connection is down, fail at once rather than queue until the timeout: a
                // request stuck in Redis keeps the trip's local lock, and the others queued behind it
                // would time out as seat_locked instead of learning that Redis is unavailable
                .clientOptions(ClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                        .build());
        if (properties.embeddedRedis()) {
            server.setHostName("127.0.0.1");
            server.setPort(embedded.getObject().port());
        } else {
            URI uri = URI.create(properties.redisUrl());
            server.setHostName(uri.getHost());
            server.setPort(uri.getPort() == -1 ? 6379 : uri.getPort());
            if (uri.getUserInfo() != null) {
                String[] credentials = uri.getUserInfo().split(":", 2);
                if (credentials.length == 2) {
                    if (!credentials[0].isEmpty()) {
                        server.setUsername(credentials[0]);
                    }
                    server.setPassword(credentials[1]);
                } else {
                    server.setPassword(credentials[0]);
                }
            }
            if (uri.getPath() != null && uri.getPath().length() > 1) {
                server.setDatabase(Integer.parseInt(uri.getPath().substring(1)));
            }
            if ("rediss".equals(uri.getScheme())) {
                client.useSsl();
            }
        }
        return new LettuceConnectionFactory(server, client.build());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A running embedded redis-server and its port. */
    record EmbeddedRedis(RedisServer server, int port) {

        void stop() throws IOException {
            server.stop();
        }
    }
}
