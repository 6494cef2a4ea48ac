package com.example.booking.api.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared-window token against axon-mongo's own: over random streams with late events, every token
 * holds the same window and timestamp, and {@code covers} answers the same for every pair.
 */
class WindowTokenTest {

    private static final Duration LOOK_BACK = Duration.ofMillis(500);
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void advancesExactlyAsTheStockTokenDoesAndCoversTheSame() {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            List<Instant> times = new ArrayList<>();
            long clock = 0;
            // some streams are long enough for windows to move to fresh logs
            int events = seed % 5 == 0 ? 4000 : 400;
            for (int i = 0; i < events; i++) {
                clock += random.nextInt(20);
                // now and then an event stored late, stamped up to a look-back earlier
                times.add(T0.plusMillis(random.nextInt(8) == 0 ? Math.max(0, clock - random.nextInt(400)) : clock));
            }
            MongoTrackingToken stock = null;
            WindowToken window = null;
            List<MongoTrackingToken> stockTokens = new ArrayList<>();
            List<WindowToken> windowTokens = new ArrayList<>();
            for (int i = 0; i < times.size(); i++) {
                String id = "event-" + i;
                stock = stock == null ? MongoTrackingToken.of(times.get(i), id) : stock.advanceTo(times.get(i), id, LOOK_BACK);
                window = window == null ? WindowToken.first(times.get(i), id, LOOK_BACK) : WindowToken.advance(window, times.get(i), id, LOOK_BACK);
                assertThat(window.getTimestamp()).as("seed %d, event %d", seed, i).isEqualTo(stock.getTimestamp());
                assertThat(new ArrayList<>(window.getTrackedEvents().entrySet()))
                        .as("seed %d, event %d", seed, i).isEqualTo(new ArrayList<>(stock.getTrackedEvents().entrySet()));
                stockTokens.add(stock);
                windowTokens.add(window);
            }
            for (int k = 0; k < 2000; k++) {
                int a = random.nextInt(times.size());
                int b = Math.max(0, Math.min(times.size() - 1, a + random.nextInt(40) - 20));
                boolean expected = covers(stockTokens.get(a), stockTokens.get(b));
                assertThat(windowTokens.get(a).covers(windowTokens.get(b)))
                        .as("seed %d: token %d covers token %d", seed, a, b).isEqualTo(expected);
                // another log's token, or axon-mongo's own, is compared entry by entry: the same answer
                assertThat(windowTokens.get(a).covers(stockTokens.get(b)))
                        .as("seed %d: token %d covers stock token %d", seed, a, b).isEqualTo(expected);
            }
        }
    }

    /**
     * axon-mongo's rule, bounded by the look-back: an event the other token saw and this one's window does
     * not hold counts as seen only if it is older than the window's oldest event and than the look-back.
     */
    private static boolean covers(MongoTrackingToken token, MongoTrackingToken other) {
        long oldest = token.getTrackedEvents().values().stream().min(Long::compare).orElse(0L);
        long seenBefore = Math.min(oldest, token.getTimestamp().toEpochMilli() - LOOK_BACK.toMillis());
        return !other.getTimestamp().isAfter(token.getTimestamp()) && other.getTrackedEvents().entrySet().stream()
                .allMatch(e -> token.getTrackedEvents().containsKey(e.getKey()) || e.getValue() < seenBefore);
    }

    @Test
    void anEventStampedBeforeAQuietWindowButInsideTheLookBackIsNotCountedAsSeen() {
        // the window holds one event; another, stamped 200 ms before it, is stored after it
        WindowToken seen = WindowToken.first(T0.plusMillis(300), "newer", LOOK_BACK);
        WindowToken late = WindowToken.advance(seen, T0.plusMillis(100), "late", LOOK_BACK);
        MongoTrackingToken stockSeen = MongoTrackingToken.of(T0.plusMillis(300), "newer");

        assertThat(stockSeen.covers(stockSeen.advanceTo(T0.plusMillis(100), "late", LOOK_BACK)))
                .as("axon-mongo's token counts it as seen: older than its window's oldest").isTrue();
        assertThat(seen.covers(late)).as("inside the look-back and not in the window: not seen").isFalse();
        // read back from the store, a token does not know its look-back: only its window counts as seen
        assertThat(WindowToken.restored(seen.getTimestamp(), seen.getTrackedEvents()).covers(late)).isFalse();
        // beyond the look-back nothing can be told apart any more, as before
        assertThat(seen.covers(WindowToken.advance(seen, T0.minusMillis(300), "ancient", LOOK_BACK))).isTrue();
        assertThat(seen.covers(seen)).isTrue();
        assertThat(late.covers(seen)).isTrue();
    }

    @Test
    void aTokenAdvancedTwiceBranchesWithoutDisturbingTheFirstBranch() throws Exception {
        WindowToken start = WindowToken.restored(T0, new LinkedHashMap<>(Map.of("a", T0.toEpochMilli())));
        WindowToken first = WindowToken.advance(start, T0.plusMillis(1), "b", LOOK_BACK);
        WindowToken second = WindowToken.advance(start, T0.plusMillis(2), "c", LOOK_BACK);
        WindowToken firstNext = WindowToken.advance(first, T0.plusMillis(3), "d", LOOK_BACK);

        assertThat(first.getTrackedEvents()).containsOnlyKeys("a", "b");
        assertThat(second.getTrackedEvents()).containsOnlyKeys("a", "c");
        assertThat(firstNext.getTrackedEvents()).containsOnlyKeys("a", "b", "d");

        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            List<Future<WindowToken>> ends = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String prefix = "thread-" + t + "-";
                ends.add(readers.submit(() -> {
                    WindowToken token = firstNext;
                    for (int i = 0; i < 5000; i++) {
                        token = WindowToken.advance(token, T0.plusMillis(4 + i / 50), prefix + i, LOOK_BACK);
                    }
                    return token;
                }));
            }
            for (int t = 0; t < 4; t++) {
                WindowToken end = ends.get(t).get(30, TimeUnit.SECONDS);
                String own = "thread-" + t + "-";
                assertThat(end.getTrackedEvents().keySet()).allMatch(id -> id.startsWith("thread-") || id.length() == 1);
                assertThat(end.getTrackedEvents().keySet()).filteredOn(id -> id.startsWith("thread-"))
                        .allMatch(id -> id.startsWith(own)).hasSize(5000);
            }
        } finally {
            readers.shutdownNow();
        }
        assertThat(firstNext.getTrackedEvents()).containsOnlyKeys("a", "b", "d");
    }

    @Test
    void isStoredAndReadBackByAxonsJsonSerializerAsTheSameWindow() {
        WindowToken token = WindowToken.first(T0, "a", LOOK_BACK);
        for (int i = 0; i < 50; i++) {
            token = WindowToken.advance(token, T0.plusMillis(20L * i), "e" + i, LOOK_BACK);
        }
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(new ObjectMapper().findAndRegisterModules())
                .build();

        SerializedObject<byte[]> stored = serializer.serialize(token, byte[].class);
        TrackingToken read = serializer.deserialize(stored);

        assertThat(read).isInstanceOf(WindowToken.class).isEqualTo(token);
        assertThat(((WindowToken) read).getTrackedEvents()).isEqualTo(token.getTrackedEvents()).hasSize(26);
        WindowToken next = WindowToken.advance((WindowToken) read, T0.plusSeconds(2), "later", LOOK_BACK);
        assertThat(next.getTrackedEvents()).containsOnlyKeys("later");
    }
}
