package com.example.booking.api.live;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Publishes live messages to Redis from one thread of its own, many per round trip (pipelined on a
 * connection of its own), in the order they were handed over. The projections used to publish each change themselves and wait for
 * Redis to answer: under load their threads spent most of their time there, and every command's answer
 * waits for the projections. A full queue makes the caller wait (up to {@link #FULL_WAIT_MILLIS}), so
 * order is kept; past that a message is dropped with a warning, which subscribers see as a position gap.
 */
@Component
class LivePublisher {

    static final int CAPACITY = 10_000;
    static final long FULL_WAIT_MILLIS = 5_000;
    private static final int PER_ROUND_TRIP = 500;
    private static final Logger log = LoggerFactory.getLogger(LivePublisher.class);

    private final StringRedisTemplate redis;
    private final BlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread sender;
    private volatile boolean running = true;
    // its own connection, kept: pipelining needs a dedicated one, and opening one per batch costs a handshake
    private RedisConnection connection;

    private record Outgoing(String channel, byte[] body) {
    }

    LivePublisher(StringRedisTemplate redis) {
        this.redis = redis;
        this.sender = new Thread(this::sendAll, "live-publisher");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    void publish(String channel, String message) {
        Outgoing outgoing = new Outgoing(channel, message.getBytes(StandardCharsets.UTF_8));
        try {
            if (!queue.offer(outgoing, FULL_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("live messages are not getting through to Redis; dropped one on {}", channel);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendAll() {
        List<Outgoing> batch = new ArrayList<>(PER_ROUND_TRIP);
        while (running || !queue.isEmpty()) {
            try {
                Outgoing first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, PER_ROUND_TRIP - 1);
                send(batch);
            } catch (InterruptedException e) {
                running = false;
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<Outgoing> batch) {
        try {
            if (connection == null) {
                connection = redis.getConnectionFactory().getConnection();
            }
            connection.openPipeline();
            for (Outgoing outgoing : batch) {
                connection.publish(outgoing.channel().getBytes(StandardCharsets.UTF_8), outgoing.body());
            }
            connection.closePipeline();
        } catch (RuntimeException e) {
            // the read models already have the changes; subscribers catch up through the next position gap
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            log.warn("could not publish {} live messages: {}", batch.size(), cause.toString());
            closeConnection();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                log.debug("closing the live publisher's Redis connection failed: {}", e.toString());
            }
            connection = null;
        }
    }

    /** Sends what is queued before the application closes its Redis connections. */
    @PreDestroy
    void close() throws InterruptedException {
        running = false;
        sender.join(FULL_WAIT_MILLIS);
        closeConnection();
    }
}
