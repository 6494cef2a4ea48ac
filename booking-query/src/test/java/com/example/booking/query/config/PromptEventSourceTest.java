package com.example.booking.query.config;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The projections' view of Axon's own embedded event store: streams that say when events arrive. */
class PromptEventSourceTest {

    final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    /** A tick far longer than each test, so only appends can tell the streams. */
    final PromptEventSource source = new PromptEventSource(store, Duration.ofHours(1));

    @AfterEach
    void tearDown() {
        source.close();
        store.shutDown();
    }

    @Test
    void aStreamIsToldOfAnAppendAndThenFindsTheEvent() throws Exception {
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        AtomicInteger told = new AtomicInteger();
        assertThat(stream.setOnAvailableCallback(told::incrementAndGet)).isTrue();

        store.publish(GenericEventMessage.asEventMessage("seat 1A held"));

        assertThat(told).hasValue(1);
        // told right after the append: the first look waits for Axon's reader instead of answering "nothing yet"
        assertThat(stream.hasNextAvailable()).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("seat 1A held");
        stream.close();
    }

    @Test
    void everyOpenStreamIsToldAndAClosedOneNoLonger() {
        BlockingStream<TrackedEventMessage<?>> first = source.openStream(null);
        BlockingStream<TrackedEventMessage<?>> second = source.openStream(null);
        AtomicInteger firstTold = new AtomicInteger();
        AtomicInteger secondTold = new AtomicInteger();
        first.setOnAvailableCallback(firstTold::incrementAndGet);
        second.setOnAvailableCallback(secondTold::incrementAndGet);

        store.publish(GenericEventMessage.asEventMessage("seat 1A held"));
        second.close();
        store.publish(GenericEventMessage.asEventMessage("seat 1B held"));

        assertThat(firstTold).hasValue(2);
        assertThat(secondTold).hasValue(1);
        first.close();
    }

    @Test
    void eventsAppendedElsewhereAreAnnouncedByTheTick() {
        PromptEventSource ticking = new PromptEventSource(store, Duration.ofMillis(50));
        try {
            BlockingStream<TrackedEventMessage<?>> stream = ticking.openStream(null);
            AtomicInteger told = new AtomicInteger();
            stream.setOnAvailableCallback(told::incrementAndGet);

            await().atMost(Duration.ofSeconds(5)).until(() -> told.get() >= 2);
            stream.close();
        } finally {
            ticking.close();
        }
    }

    @Test
    void aProcessorThatRefusesWorkDoesNotFailTheAppend() throws Exception {
        BlockingStream<TrackedEventMessage<?>> refusing = source.openStream(null);
        refusing.setOnAvailableCallback(() -> {
            throw new RejectedExecutionException("shutting down");
        });

        store.publish(GenericEventMessage.asEventMessage("seat 1A held"));

        BlockingStream<TrackedEventMessage<?>> reader = store.openStream(null);
        assertThat(reader.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
        assertThat(reader.nextAvailable().getPayload()).isEqualTo("seat 1A held");
        reader.close();
        refusing.close();
    }
}
