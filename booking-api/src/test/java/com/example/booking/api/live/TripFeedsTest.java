package com.example.booking.api.live;

import com.example.booking.api.trip.RenderedSeatMaps;
import com.example.booking.shared.live.SeatChange;
import com.example.booking.shared.live.SeatsChanged;
import com.example.booking.shared.seat.FindSeatMapQuery;
import com.example.booking.shared.seat.SeatMapView;
import com.example.booking.shared.TripId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.messaging.support.MessageHeaderAccessor;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The backlog bound of live seat feeds, against Spring's own outbound channel types. */
class TripFeedsTest {

    private static final String TRIP = "feed-trip";
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void aSubscriberWhoseMessagesAreWrittenGetsEveryChangeAndIsNeverCut() {
        List<Message<?>> written = new CopyOnWriteArrayList<>();
        MessageChannel outbound = writingTo(written);
        TripFeeds feeds = feeds(outbound, 32);

        assertThat(subscribe(feeds, "s1", "alice", false)).isTrue();
        for (long position = 1; position <= 500; position++) {
            feeds.changed(change(position));
        }

        assertThat(written).hasSize(501);
        assertThat(written).noneMatch(TripFeedsTest::isError);
        assertThat(feeds.subscriberCount()).isEqualTo(1);
    }

    @Test
    void aSubscriberWithMoreThanItsShareQueuedIsSentAnErrorAndDropped() {
        List<Message<?>> sent = new CopyOnWriteArrayList<>();
        // a channel that accepts messages but never writes them: the socket of a client that stopped reading
        MessageChannel stalled = (message, timeout) -> sent.add(message);
        TripFeeds feeds = feeds(stalled, 32);
        subscribe(feeds, "slow", "sloth", false);

        for (long position = 1; position <= 100; position++) {
            feeds.changed(change(position));
        }

        // the snapshot and 31 changes were handed over and none written, then the cut-off; nothing after it
        assertThat(sent).hasSize(33);
        assertThat(sent.subList(0, 32)).noneMatch(TripFeedsTest::isError);
        assertThat(isError(sent.get(32))).isTrue();
        assertThat(StompHeaderAccessor.wrap(sent.get(32)).getSessionId()).isEqualTo("slow");
        assertThat(StompHeaderAccessor.wrap(sent.get(32)).getMessage()).contains("too slow");
        assertThat(feeds.subscriberCount()).isZero();
    }

    @Test
    void theShareShrinksAsSubscribersGrowButNotBelowTheMinimum() {
        List<Message<?>> sent = new CopyOnWriteArrayList<>();
        MessageChannel stalled = (message, timeout) -> sent.add(message);
        TripFeeds feeds = feeds(stalled, 40);
        for (int s = 0; s < 4; s++) {
            subscribe(feeds, "s" + s, "viewer" + s, false);
        }

        // 40 / 4 = 10 is below the minimum, so each may have 16 queued: the snapshot and 15 changes
        for (long position = 1; position <= 15; position++) {
            feeds.changed(change(position));
        }
        assertThat(sent).noneMatch(TripFeedsTest::isError);
        feeds.changed(change(16));
        assertThat(sent.stream().filter(TripFeedsTest::isError)).hasSize(4);
    }

    @Test
    void aConflatingSubscriberHasOneMessageInFlightAndTheNextCarriesEverythingSince() throws Exception {
        List<Message<?>> sent = new CopyOnWriteArrayList<>();
        MessageChannel stalled = (message, timeout) -> sent.add(message);
        TripFeeds feeds = feeds(stalled, 32);
        subscribe(feeds, "slow", "sloth", true);

        feeds.changed(change(1, "1A", "held", "held"));
        feeds.changed(change(2, "2B", "held", "held"));
        feeds.changed(change(3, "1A", "available", "released"));
        assertThat(sent).hasSize(1);

        written(sent.get(0));
        assertThat(sent).hasSize(2);
        JsonNode merged = json.readTree((byte[]) sent.get(1).getPayload());
        assertThat(merged.get("type").asText()).isEqualTo("seats.changed");
        assertThat(merged.get("fromPosition").asLong()).isEqualTo(1);
        assertThat(merged.get("position").asLong()).isEqualTo(3);
        // each seat once, as it is now, in the order of its last change
        assertThat(merged.get("changes").findValuesAsText("seat")).containsExactly("2B", "1A");
        assertThat(merged.get("changes").findValuesAsText("reason")).containsExactly("held", "released");

        feeds.changed(change(4, "3C", "held", "held"));
        assertThat(sent).hasSize(2);
        written(sent.get(1));
        assertThat(json.readTree((byte[]) sent.get(2).getPayload()).get("fromPosition").asLong()).isEqualTo(4);
        written(sent.get(2));
        assertThat(sent).as("nothing new, nothing sent").hasSize(3);
        feeds.changed(change(5, "3C", "available", "released"));
        assertThat(sent).as("nothing in flight: sent at once").hasSize(4);

        // far more changes than any share of the budget: still one message in flight, never cut off
        for (long position = 6; position <= 1000; position++) {
            feeds.changed(change(position));
        }
        assertThat(sent).hasSize(4).noneMatch(TripFeedsTest::isError);
        assertThat(feeds.subscriberCount()).isEqualTo(1);
        written(sent.get(3));
        JsonNode caughtUp = json.readTree((byte[]) sent.get(4).getPayload());
        assertThat(caughtUp.get("fromPosition").asLong()).isEqualTo(6);
        assertThat(caughtUp.get("position").asLong()).isEqualTo(1000);
        assertThat(caughtUp.get("changes")).hasSize(1);
    }

    @Test
    void aConflatingSubscriberBehindEverythingTheFeedKeepsGetsAFreshSnapshot() throws Exception {
        List<Message<?>> sent = new CopyOnWriteArrayList<>();
        MessageChannel stalled = (message, timeout) -> sent.add(message);
        TripFeeds feeds = new TripFeeds(seatMapAt(0, TripFeeds.RECENT_CHANGES + 10), stalled, json,
                new RenderedSeatMaps(json), Clock.systemUTC(), 32, Runnable::run, 0);
        subscribe(feeds, "slow", "sloth", true);

        for (long position = 1; position <= TripFeeds.RECENT_CHANGES + 10; position++) {
            feeds.changed(change(position));
        }
        written(sent.get(0));

        JsonNode fresh = json.readTree((byte[]) sent.get(1).getPayload());
        assertThat(fresh.get("type").asText()).isEqualTo("seats.snapshot");
        assertThat(fresh.get("position").asLong()).isEqualTo(TripFeeds.RECENT_CHANGES + 10);
    }

    @Test
    void conflatingSubscribersReadyAtTheSameMomentShareOneRendering() {
        List<Message<?>> sent = new CopyOnWriteArrayList<>();
        MessageChannel stalled = (message, timeout) -> sent.add(message);
        TripFeeds feeds = feeds(stalled, 32);
        subscribe(feeds, "a", "ann", true);
        subscribe(feeds, "b", "ben", true);
        for (long position = 1; position <= 20; position++) {
            feeds.changed(change(position));
        }

        written(sent.get(0));
        written(sent.get(1));

        assertThat(sent).hasSize(4);
        assertThat(sent.get(3).getPayload()).isSameAs(sent.get(2).getPayload());
    }

    @Test
    void aFastConflatingSubscriberGetsEveryChangeByItself() throws Exception {
        List<Message<?>> written = new CopyOnWriteArrayList<>();
        MessageChannel outbound = writingTo(written);
        TripFeeds feeds = feeds(outbound, 32);
        subscribe(feeds, "s1", "alice", true);

        for (long position = 1; position <= 200; position++) {
            feeds.changed(change(position));
        }

        assertThat(written).hasSize(201);
        for (int i = 1; i < written.size(); i++) {
            JsonNode message = json.readTree((byte[]) written.get(i).getPayload());
            assertThat(message.get("fromPosition").asLong()).isEqualTo(i);
            assertThat(message.get("position").asLong()).isEqualTo(i);
        }
    }

    @Test
    void conflatingSubscribersShareTheNodesMessageBudget() throws Exception {
        List<Message<?>> written = new CopyOnWriteArrayList<>();
        // two messages a second for the node: with two subscribers, each may have one a second
        TripFeeds feeds = new TripFeeds(seatMapAt(0), writingTo(written), json, new RenderedSeatMaps(json),
                Clock.systemUTC(), 32, Runnable::run, 2);
        long subscribed = System.nanoTime();
        subscribe(feeds, "a", "ann", true);
        subscribe(feeds, "b", "ben", true);

        for (long position = 1; position <= 20; position++) {
            feeds.changed(change(position));
        }
        assertThat(written).as("only the snapshots: the changes wait until each subscriber is due again").hasSize(2);

        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 4);
        assertThat(System.nanoTime() - subscribed).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
        for (Message<?> message : written.subList(2, 4)) {
            JsonNode merged = json.readTree((byte[]) message.getPayload());
            assertThat(merged.get("fromPosition").asLong()).isEqualTo(1);
            assertThat(merged.get("position").asLong()).isEqualTo(20);
        }
    }

    @Test
    void aSessionLeavesWithItsOwnSubscriptionsOnlyAndMayComeBack() {
        List<Message<?>> written = new CopyOnWriteArrayList<>();
        TripFeeds feeds = feeds(writingTo(written), 1000);
        subscribe(feeds, "s1", "ann", false);
        feeds.subscribe(new TripId(TRIP), "s1", "sub-1", "/topic/trips/" + TRIP + "/seats", "ann", false);
        subscribe(feeds, "s2", "ben", false);
        assertThat(feeds.subscriberCount()).isEqualTo(3);

        feeds.unsubscribe("s1", "sub-1");
        feeds.unsubscribe("s2", "no-such-subscription");
        written.clear();
        feeds.changed(change(1));
        assertThat(written).extracting(TripFeedsTest::sessionAndSubscription).containsExactly("s1/sub-0", "s2/sub-0");

        feeds.disconnected("s1");
        feeds.disconnected("s1");
        written.clear();
        feeds.changed(change(2));
        assertThat(written).extracting(TripFeedsTest::sessionAndSubscription).containsExactly("s2/sub-0");
        assertThat(feeds.subscriberCount()).isEqualTo(1);

        // a session id the node saw leave may subscribe again (Spring reuses none, but a test client may)
        subscribe(feeds, "s1", "ann", false);
        feeds.disconnected("s2");
        written.clear();
        feeds.changed(change(3));
        assertThat(written).extracting(TripFeedsTest::sessionAndSubscription).containsExactly("s1/sub-0");
    }

    private static String sessionAndSubscription(Message<?> message) {
        StompHeaderAccessor headers = StompHeaderAccessor.wrap(message);
        return headers.getSessionId() + "/" + headers.getSubscriptionId();
    }

    @Test
    void aChangeIsHandedOverAsTheStompFrameItIsWrittenAsWithoutAConversion() throws Exception {
        List<Message<?>> written = new CopyOnWriteArrayList<>();
        TripFeeds feeds = feeds(writingTo(written), 1000);
        subscribe(feeds, "s1", "ann", false);
        feeds.changed(change(1));

        Message<?> message = written.get(1);
        // Spring's STOMP handler writes a message's own STOMP accessor as it is, and converts a copy of any other
        StompHeaderAccessor headers = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        assertThat(headers).isNotNull();
        assertThat(headers.getCommand()).isEqualTo(StompCommand.MESSAGE);
        String frame = new String(new StompEncoder().encode(message.getHeaders(), (byte[]) message.getPayload()),
                StandardCharsets.UTF_8);
        assertThat(frame).startsWith("MESSAGE\n")
                .contains("\ndestination:/topic/trips/" + TRIP + "/seats\n", "\ncontent-type:application/json\n",
                        "\nsubscription:sub-0\n", "\nmessage-id:s1-", "\ncontent-length:")
                .contains("\"position\":1");
        assertThat(headers.getMessageId()).isNotEqualTo(
                MessageHeaderAccessor.getAccessor(written.get(0), StompHeaderAccessor.class).getMessageId());
    }

    /** Feeds of a trip at position 0, catching up on the calling thread, without a message budget. */
    private TripFeeds feeds(MessageChannel outbound, int queuedBudget) {
        return new TripFeeds(seatMapAt(0), outbound, json, new RenderedSeatMaps(json), Clock.systemUTC(), queuedBudget,
                Runnable::run, 0);
    }

    private static boolean subscribe(TripFeeds feeds, String sessionId, String user, boolean conflating) {
        return feeds.subscribe(new TripId(TRIP), sessionId, "sub-0", "/topic/trips/" + TRIP + "/seats", user, conflating);
    }

    /** The outbound channel as configured here, but writing synchronously, so every message is handled. */
    private static MessageChannel writingTo(List<Message<?>> written) {
        ExecutorSubscribableChannel outbound = new ExecutorSubscribableChannel();
        outbound.addInterceptor(new FeedBacklog());
        outbound.subscribe(written::add);
        return outbound;
    }

    /** What the outbound channel does once a message has been written to its socket. */
    private static void written(Message<?> message) {
        new FeedBacklog().afterMessageHandled(message, null, null, null);
    }

    private static SeatsChanged change(long position, String seat, String status, String reason) {
        return new SeatsChanged(TRIP, position, List.of(new SeatChange(seat, status, reason)));
    }

    private static boolean isError(Message<?> message) {
        return StompCommand.ERROR.equals(StompHeaderAccessor.wrap(message).getCommand());
    }

    private static SeatsChanged change(long position) {
        return new SeatsChanged(TRIP, position, List.of(new SeatChange("1A", position % 2 == 1 ? "held" : "available",
                position % 2 == 1 ? "held" : "released")));
    }

    /** A seat map at {@code positions[0]} for the first query, then at each next position for the next. */
    @SuppressWarnings("unchecked")
    private static QueryGateway seatMapAt(long... positions) {
        QueryGateway queries = mock(QueryGateway.class);
        var stubbing = when(queries.query(any(FindSeatMapQuery.class), any(ResponseType.class)));
        for (long position : positions) {
            SeatMapView map = new SeatMapView(TRIP, position, List.of(new SeatMapView.Seat("1A", "available", "std",
                    new BigDecimal("10.00"), 1, 1, 0, 0, null, null)));
            stubbing = stubbing.thenReturn(CompletableFuture.completedFuture(Optional.of(map)));
        }
        return queries;
    }
}
