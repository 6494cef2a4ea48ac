package com.example.booking.query.progress;

import com.example.booking.query.RecordingMongo;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A projection batch starts from the positions the node's previous batch left, without asking MongoDB,
 * only while the node has held the batch's segment without a break: after the segment was released and
 * claimed again, after a batch failed, after a while, and after a reset it reads them from MongoDB again.
 * Another node's progress is written to MongoDB behind this node's back, as that node would. A batch's
 * positions are stored at its end, after its read-model writes and before it commits.
 */
class BatchStartPositionsTest {

    private static final String PROCESSOR = "seat-maps@a";
    private static final String TRIP = "bus-7";

    private final RecordingMongo recording = new RecordingMongo();
    private final AtomicLong nanos = new AtomicLong();
    private final ClaimedSegments claims = new ClaimedSegments();
    /** Whether another node has taken this node's claim over. */
    private final AtomicBoolean taken = new AtomicBoolean();
    private final TokenStore tokens = claims.watching(new InMemoryTokenStore() {
        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            if (taken.get()) {
                throw new UnableToClaimTokenException("claimed by another node");
            }
            super.storeToken(token, processorName, segment);
        }
    });
    private ProjectionProgress thisNode;
    private ProjectionProgress otherNode;

    @BeforeEach
    void setUp() {
        MongoTemplate mongo = new MongoTemplate(recording.client(), "test");
        thisNode = new ProjectionProgress(mongo, () -> List.of(PROCESSOR), claims, nanos::get);
        otherNode = new ProjectionProgress(mongo, () -> List.of(PROCESSOR));
        tokens.initializeTokenSegments(PROCESSOR, 1);
        tokens.fetchToken(PROCESSOR, 0);
    }

    @AfterEach
    void tearDown() {
        thisNode.close();
        otherNode.close();
        recording.close();
    }

    @Test
    void whileTheSegmentStaysClaimedABatchStartsFromWhatTheLastOneLeft() throws Exception {
        assertThat(batch(() -> applyUpTo(3))).isEqualTo(-1L);
        long readsBefore = positionReads();
        nanos.addAndGet(1_000_000_000L);

        assertThat(batch(() -> applyUpTo(5))).isEqualTo(3L);
        assertThat(batch(() -> thisNode.positionOf(PROCESSOR, TRIP))).isEqualTo(5L);
        assertThat(positionReads()).as("reads of MongoDB after the first batch").isEqualTo(readsBefore);
        assertThat(otherNode.positionOf(PROCESSOR, TRIP)).as("what MongoDB holds").isEqualTo(5L);
    }

    @Test
    void afterTheSegmentWasReleasedABatchReadsWhatAnotherNodeStored() throws Exception {
        batch(() -> applyUpTo(3));
        tokens.releaseClaim(PROCESSOR, 0);
        otherNode.advance(PROCESSOR, TRIP, 9);
        tokens.fetchToken(PROCESSOR, 0);

        assertThat(batch(() -> thisNode.positionOf(PROCESSOR, TRIP))).isEqualTo(9L);
    }

    @Test
    void aClaimAnotherNodeTookOverEndsWhenStoringTheTokenFails() throws Exception {
        batch(() -> applyUpTo(3));
        taken.set(true);
        otherNode.advance(PROCESSOR, TRIP, 9);
        assertThatThrownBy(() -> tokens.storeToken(null, PROCESSOR, 0)).isInstanceOf(UnableToClaimTokenException.class);

        assertThat(batch(() -> thisNode.positionOf(PROCESSOR, TRIP))).isEqualTo(9L);
    }

    @Test
    void aRememberedPositionIsTrustedForLessThanTheClaimTimeout() throws Exception {
        batch(() -> applyUpTo(3));
        otherNode.advance(PROCESSOR, TRIP, 9);
        nanos.addAndGet(ClaimedSegments.TRUSTED_FOR_NANOS);

        assertThat(batch(() -> thisNode.positionOf(PROCESSOR, TRIP))).isEqualTo(9L);
    }

    @Test
    void afterAFailedBatchTheNextReadsMongoDb() throws Exception {
        batch(() -> applyUpTo(3));
        BatchingUnitOfWork<EventMessage<?>> failing = batchOnSegment(0);
        ResultMessage<?> failed = failing.executeWithResult(() -> {
            applyUpTo(4);
            throw new IllegalStateException("read model away");
        });
        assertThat(failed.isExceptional()).isTrue();
        long readsBefore = positionReads();

        assertThat(batch(() -> thisNode.positionOf(PROCESSOR, TRIP))).isEqualTo(3L);
        assertThat(positionReads()).isEqualTo(readsBefore + 1);
    }

    @Test
    void aResetProjectionStartsFromNothing() throws Exception {
        batch(() -> applyUpTo(3));
        thisNode.reset(PROCESSOR);

        assertThat(batch(() -> thisNode.positionOf(PROCESSOR, TRIP))).isEqualTo(-1L);
    }

    @Test
    void withoutItsSegmentABatchAlwaysReadsMongoDb() throws Exception {
        BatchingUnitOfWork<EventMessage<?>> unnamed = new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("e")));
        unnamed.executeWithResult(() -> applyUpTo(3));
        otherNode.advance(PROCESSOR, TRIP, 9);

        BatchingUnitOfWork<EventMessage<?>> next = new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("e")));
        assertThat(next.executeWithResult(() -> thisNode.positionOf(PROCESSOR, TRIP)).getPayload()).isEqualTo(9L);
    }

    @Test
    void aBatchEndStoresThePositionsBeforeTheBatchCommits() throws Exception {
        List<Long> storedBeforeCommit = new ArrayList<>();
        BatchingUnitOfWork<EventMessage<?>> batch = batchOnSegment(0);
        batch.onPrepareCommit(committing -> storedBeforeCommit.add(otherNode.positionOf(PROCESSOR, TRIP)));

        batch.executeWithResult(() -> {
            applyUpTo(3);
            thisNode.storeBatch();
            return null;
        });

        assertThat(storedBeforeCommit).containsExactly(3L);
    }

    @Test
    void withoutABatchEndThePositionsAreStoredAfterTheProjectorsOwnCommitStep() throws Exception {
        List<Long> storedWhenWritesWereSent = new ArrayList<>();
        batch(() -> {
            long started = thisNode.positionOf(PROCESSOR, TRIP);
            // a projector whose writes go out at commit, gathered after it read where the trip stood
            CurrentUnitOfWork.get().onPrepareCommit(committing ->
                    storedWhenWritesWereSent.add(otherNode.positionOf(PROCESSOR, TRIP)));
            thisNode.advance(PROCESSOR, TRIP, 3);
            return started;
        });

        assertThat(storedWhenWritesWereSent).containsExactly(-1L);
        assertThat(otherNode.positionOf(PROCESSOR, TRIP)).isEqualTo(3L);
    }

    @Test
    void aBatchOfManyTripsReadsWhereTheyStartInOneQuery() throws Exception {
        otherNode.advance(PROCESSOR, "bus-1", 4);
        otherNode.advance(PROCESSOR, "bus-2", 6);
        long readsBefore = positionReads();
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.of(
                tripEvent("bus-1", 5), tripEvent("bus-2", 7), tripEvent("bus-3", 0), tripEvent("bus-1", 6)));
        batch.resources().put("Processor[" + PROCESSOR + "]/SegmentId", 0);

        Object starts = batch.executeWithResult(() -> List.of(thisNode.positionOf(PROCESSOR, "bus-1"),
                thisNode.positionOf(PROCESSOR, "bus-2"), thisNode.positionOf(PROCESSOR, "bus-3"))).getPayload();

        assertThat(starts).isEqualTo(List.of(4L, 6L, -1L));
        assertThat(positionReads()).as("reads of MongoDB for three trips").isEqualTo(readsBefore + 1);
    }

    private static EventMessage<?> tripEvent(String trip, long sequence) {
        return new GenericDomainEventMessage<>("TripSeats", trip, sequence, "event of " + trip);
    }

    private long positionReads() {
        return recording.commandsOn(ProjectionProgress.COLLECTION).stream().filter("find"::equals).count();
    }

    /** The position the batch started from, after applying the trip up to {@code position}. */
    private long applyUpTo(long position) {
        long started = thisNode.positionOf(PROCESSOR, TRIP);
        thisNode.advance(PROCESSOR, TRIP, position);
        return started;
    }

    private Object batch(Callable<Object> work) {
        ResultMessage<?> result = batchOnSegment(0).executeWithResult(work);
        assertThat(result.isExceptional()).as("%s", result).isFalse();
        return result.getPayload();
    }

    private static BatchingUnitOfWork<EventMessage<?>> batchOnSegment(int segment) {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("e")));
        // where Axon's processors name a batch's segment
        batch.resources().put("Processor[" + PROCESSOR + "]/SegmentId", segment);
        return batch;
    }
}
