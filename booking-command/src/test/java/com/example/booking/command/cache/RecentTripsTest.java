package com.example.booking.command.cache;

import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.ErrorCode;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecentTripsTest {

    @Test
    void keepsTheMostRecentlyUsedTripsUpToItsCapacity() {
        RecentTrips cache = new RecentTrips(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat((Integer) cache.get("a")).isEqualTo(1);
        cache.put("c", 3);

        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).isFalse();
        assertThat(cache.containsKey("c")).isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void keepsTripsUpToTheirSeatsAndNeverDropsTheOneJustPut() {
        // the values stand for trips of that many seats
        RecentTrips cache = new RecentTrips(100, 1_000, value -> (Integer) value);
        cache.put("small-1", 60);
        cache.put("small-2", 60);
        cache.put("large", 800);
        cache.get("small-1");

        cache.put("medium", 200);

        assertThat(cache.containsKey("small-2")).as("least recently used").isFalse();
        assertThat(cache.containsKey("large")).as("still over: the next least recently used").isFalse();
        assertThat(cache.containsKey("small-1")).isTrue();
        assertThat(cache.seats()).isEqualTo(260);

        cache.put("huge", 5_000);
        assertThat(cache.containsKey("huge")).isTrue();
        assertThat(cache.size()).isEqualTo(1);
        cache.put("huge", 100);
        assertThat(cache.seats()).as("a trip put again is weighed again").isEqualTo(100);
    }

    @Test
    void weighsAnythingButACachedTripAsOneSeat() {
        assertThat(new CachedTripSeats().applyAsLong("not a trip")).isEqualTo(1);
    }

    @Test
    void tellsListenersWhatHappens() {
        RecentTrips cache = new RecentTrips(1);
        List<String> seen = new ArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                seen.add("created " + key);
            }

            @Override
            public void onEntryExpired(Object key) {
                seen.add("expired " + key);
            }

            @Override
            public void onEntryRemoved(Object key) {
                seen.add("removed " + key);
            }
        });
        cache.put("a", 1);
        cache.put("b", 2);
        cache.remove("b");

        assertThat(seen).containsExactly("created a", "expired a", "created b", "removed b");
    }

    @Test
    void aCommandRefusedBeforeItChangedTheTripKeepsItCached() {
        RecentTrips cache = new RecentTrips(10);
        cache.put("trip", "cached");

        rollBackWith(cache, null, new BookingRejectedException(ErrorCode.SEAT_HELD, "held by someone else"));

        assertThat(cache.containsKey("trip")).isTrue();
    }

    @Test
    void aCommandThatAppliedEventsOrFailedOtherwiseDropsTheTrip() {
        RecentTrips cache = new RecentTrips(10);
        TripVersions versions = new TripVersions(null, cache);
        cache.put("trip", "cached");
        rollBackWith(cache, versions, new BookingRejectedException(ErrorCode.SEAT_HELD, "held by someone else"));
        assertThat(cache.containsKey("trip")).as("an event was applied before the refusal").isFalse();

        cache.put("trip", "cached");
        rollBackWith(cache, null, new IllegalStateException("a bug"));
        assertThat(cache.containsKey("trip")).isFalse();
    }

    /** What Axon's caching repository does: drop the trip when the command's unit of work rolls back. */
    private static void rollBackWith(RecentTrips cache, TripVersions applyingAnEvent, RuntimeException failure) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.onRollback(u -> cache.remove("trip"));
        unitOfWork.executeWithResult(() -> {
            if (applyingAnEvent != null) {
                DomainEventMessage<String> event = new GenericDomainEventMessage<>("TripSeats", "trip", 1, "event");
                applyingAnEvent.handle(List.of(event)).apply(0, event);
            }
            throw failure;
        });
    }
}
