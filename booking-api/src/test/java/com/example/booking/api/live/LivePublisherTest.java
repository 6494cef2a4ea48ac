package com.example.booking.api.live;

import com.example.booking.api.infra.LocalRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Live messages reach Redis subscribers all and in each sender's order, and a missing Redis fails no sender. */
class LivePublisherTest {

    private LocalRedis redis;
    private RedisMessageListenerContainer listeners;
    private LivePublisher publisher;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = LocalRedis.start();
        listeners = new RedisMessageListenerContainer();
        listeners.setConnectionFactory(redis.connections());
        // as the service's listener: one thread, so the test sees Redis's order, not a thread race
        listeners.setTaskExecutor(Executors.newSingleThreadExecutor());
        listeners.addMessageListener((message, pattern) -> received.add(new String(message.getBody(), StandardCharsets.UTF_8)),
                new ChannelTopic("live"));
        listeners.afterPropertiesSet();
        listeners.start();
        publisher = new LivePublisher(new StringRedisTemplate(redis.connections()));
    }

    @AfterEach
    void stop() throws Exception {
        publisher.close();
        listeners.destroy();
        redis.close();
    }

    @Test
    void everyMessageArrivesInItsSendersOrder() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            publisher.publish("live", "probe");
            return received.contains("probe");
        });
        received.clear();
        List<Thread> senders = new ArrayList<>();
        for (int sender = 0; sender < 4; sender++) {
            int id = sender;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    publisher.publish("live", id + ":" + i);
                }
            });
            thread.start();
            senders.add(thread);
        }
        for (Thread sender : senders) {
            sender.join();
        }

        // the probes sent while the subscription was being set up may still be arriving
        await().atMost(Duration.ofSeconds(30)).until(() -> sent().size() >= 8_000);
        Map<String, Integer> last = new HashMap<>();
        for (String message : sent()) {
            String[] parts = message.split(":");
            int previous = last.getOrDefault(parts[0], -1);
            assertThat(Integer.parseInt(parts[1])).as("after %s:%d", parts[0], previous).isEqualTo(previous + 1);
            last.put(parts[0], previous + 1);
        }
        assertThat(sent()).hasSize(8_000);
    }

    private List<String> sent() {
        return received.stream().filter(message -> !message.equals("probe")).toList();
    }

    @Test
    void aSenderIsNotFailedNorHeldUpWhileRedisIsAway() throws Exception {
        redis.stopServer();
        long start = System.nanoTime();

        for (int i = 0; i < 100; i++) {
            publisher.publish("live", "lost-" + i);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
}
