package com.example.booking.api.live;

import com.example.booking.api.trip.RenderedSeatMaps;
import com.example.booking.shared.live.SeatChange;
import com.example.booking.shared.live.SeatsChanged;
import com.example.booking.shared.seat.FindSeatMapQuery;
import com.example.booking.shared.seat.SeatMapView;
import com.example.booking.shared.TripId;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorSubscribableChannel;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
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
        // the outbound channel as Spring configures it, writing synchronously, so every message is handled
        ExecutorSubscribableChannel outbound = new ExecutorSubscribableChannel();
        outbound.addInterceptor(new FeedBacklog());
        OrderedMessageChannelDecorator.configureInterceptor(outbound, true);
        outbound.subscribe(written::add);
        TripFeeds feeds = new TripFeeds(seatMapAt(0), outbound, json, new RenderedSeatMaps(json), Clock.systemUTC(), 32);

        assertThat(feeds.subscribe(new TripId(TRIP), "s1", "sub-0", "/topic/trips/" + TRIP + "/seats", "alice")).isTrue();
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
        TripFeeds feeds = new TripFeeds(seatMapAt(0), stalled, json, new RenderedSeatMaps(json), Clock.systemUTC(), 32);
        feeds.subscribe(new TripId(TRIP), "slow", "sub-0", "/topic/trips/" + TRIP + "/seats", "sloth");

        for (long position = 1; position <= 100; position++) {
            feeds.changed(change(position));
        }

        // the snapshot reached the channel, the 31 changes after it wait behind it, then the cut-off
        assertThat(sent).hasSize(2);
        assertThat(isError(sent.get(1))).isTrue();
        assertThat(StompHeaderAccessor.wrap(sent.get(1)).getSessionId()).isEqualTo("slow");
        assertThat(StompHeaderAccessor.wrap(sent.get(1)).getMessage()).contains("too slow");
        assertThat(feeds.subscriberCount()).isZero();
    }

    @Test
    void theShareShrinksAsSubscribersGrowButNotBelowTheMinimum() {
        List<Message<?>> sent = new CopyOnWriteArrayList<>();
        MessageChannel stalled = (message, timeout) -> sent.add(message);
        TripFeeds feeds = new TripFeeds(seatMapAt(0), stalled, json, new RenderedSeatMaps(json), Clock.systemUTC(), 40);
        for (int s = 0; s < 4; s++) {
            feeds.subscribe(new TripId(TRIP), "s" + s, "sub-0", "/topic/trips/" + TRIP + "/seats", "viewer" + s);
        }

        // 40 / 4 = 10 is below the minimum, so each may have 16 queued: the snapshot and 15 changes
        for (long position = 1; position <= 15; position++) {
            feeds.changed(change(position));
        }
        assertThat(sent).noneMatch(TripFeedsTest::isError);
        feeds.changed(change(16));
        assertThat(sent.stream().filter(TripFeedsTest::isError)).hasSize(4);
    }

    private static boolean isError(Message<?> message) {
        return StompCommand.ERROR.equals(StompHeaderAccessor.wrap(message).getCommand());
    }

    private static SeatsChanged change(long position) {
        return new SeatsChanged(TRIP, position, List.of(new SeatChange("1A", position % 2 == 1 ? "held" : "available",
                position % 2 == 1 ? "held" : "released")));
    }

    @SuppressWarnings("unchecked")
    private static QueryGateway seatMapAt(long position) {
        QueryGateway queries = mock(QueryGateway.class);
        SeatMapView map = new SeatMapView(TRIP, position, List.of(new SeatMapView.Seat("1A", "available", "std",
                new BigDecimal("10.00"), 1, 1, 0, 0, null, null)));
        when(queries.query(any(FindSeatMapQuery.class), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.of(map)));
        return queries;
    }
}
