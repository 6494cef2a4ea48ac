package com.example.booking.query.progress;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A busy segment's token is written once per interval; the tokens in between wait for the next batch
 * that is due, the claim's extension or its release, and only a committed batch's token waits at all.
 * The batches here are run as Axon's work package runs them: the token is stored as the batch commits.
 */
class PacedTokenStoreTest {

    private static final String PROCESSOR = "seat-maps@a";
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final AtomicLong nanos = new AtomicLong();
    /** What reached the store underneath, in order: "store 3", "extend", "release". */
    private final List<String> calls = new ArrayList<>();
    private final AtomicBoolean taken = new AtomicBoolean();
    private final InMemoryTokenStore underneath = new InMemoryTokenStore() {
        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            if (taken.get()) {
                throw new UnableToClaimTokenException("claimed by another node");
            }
            calls.add("store " + token.position().orElse(-1));
            super.storeToken(token, processorName, segment);
        }

        @Override
        public void extendClaim(String processorName, int segment) {
            calls.add("extend");
            super.extendClaim(processorName, segment);
        }

        @Override
        public void releaseClaim(String processorName, int segment) {
            calls.add("release");
            super.releaseClaim(processorName, segment);
        }
    };
    private final PacedTokenStore tokens = new PacedTokenStore(underneath, INTERVAL, nanos::get);

    @BeforeEach
    void claimTheSegment() {
        tokens.initializeTokenSegments(PROCESSOR, 2);
        tokens.fetchToken(PROCESSOR, 0);
    }

    @Test
    void aBusySegmentsTokenIsWrittenOncePerInterval() {
        batch(1);
        nanos.addAndGet(INTERVAL.toNanos() / 2);
        batch(2);
        batch(3);
        assertThat(stored()).isEqualTo(1);

        nanos.addAndGet(INTERVAL.toNanos() / 2);
        batch(4);

        assertThat(calls).containsExactly("store 1", "store 4");
        assertThat(stored()).isEqualTo(4);
    }

    @Test
    void theWaitingTokenIsWrittenWhenTheClaimIsExtended() {
        batch(1);
        batch(2);

        tokens.extendClaim(PROCESSOR, 0);
        tokens.extendClaim(PROCESSOR, 0);

        assertThat(calls).as("the token's write extends the claim; the second extension has nothing to write")
                .containsExactly("store 1", "store 2", "extend");
    }

    @Test
    void releasingTheClaimWritesTheWaitingTokenFirst() {
        batch(1);
        batch(2);

        tokens.releaseClaim(PROCESSOR, 0);

        assertThat(calls).containsExactly("store 1", "store 2", "release");
    }

    @Test
    void aRolledBackBatchLeavesNoTokenToWrite() {
        batch(1);
        // a later commit step of the batch fails, after its token was handed over
        ResultMessage<?> failed = batch(0, 2, () -> {
            throw new IllegalStateException("read model away");
        });
        assertThat(failed.isExceptional()).isTrue();

        tokens.extendClaim(PROCESSOR, 0);

        assertThat(calls).containsExactly("store 1", "extend");
        assertThat(stored()).isEqualTo(1);
    }

    @Test
    void aTokenStoredOutsideABatchIsWrittenAtOnceAndReplacesTheWaitingOne() {
        batch(1);
        batch(2);

        tokens.storeToken(token(7), PROCESSOR, 0);
        tokens.extendClaim(PROCESSOR, 0);

        assertThat(calls).containsExactly("store 1", "store 7", "extend");
    }

    @Test
    void aNewClaimStartsFromTheStoredTokenAndDropsTheWaitingOne() {
        batch(1);
        batch(2);

        tokens.fetchToken(PROCESSOR, 0);
        tokens.extendClaim(PROCESSOR, 0);

        assertThat(calls).containsExactly("store 1", "extend");
        assertThat(stored()).isEqualTo(1);
    }

    @Test
    void theFirstBatchAfterAClaimIsWrittenAtOnce() {
        batch(1);
        tokens.releaseClaim(PROCESSOR, 0);
        tokens.fetchToken(PROCESSOR, 0);

        batch(2);

        assertThat(calls).containsExactly("store 1", "release", "store 2");
    }

    @Test
    void eachSegmentIsPacedByItself() {
        tokens.fetchToken(PROCESSOR, 1);
        batch(1);
        batch(1, 5, () -> { });

        assertThat(calls).containsExactly("store 1", "store 5");
    }

    @Test
    void aClaimLostMeanwhileFailsTheWriteOfTheWaitingToken() {
        batch(1);
        batch(2);
        taken.set(true);

        assertThatThrownBy(() -> tokens.extendClaim(PROCESSOR, 0)).isInstanceOf(UnableToClaimTokenException.class);
    }

    /** A batch of segment 0 that stores {@code position}'s token as it commits, as Axon's work package does. */
    private void batch(long position) {
        ResultMessage<?> result = batch(0, position, () -> { });
        assertThat(result.isExceptional()).as("%s", result).isFalse();
    }

    /** A batch of {@code segment} storing {@code position}'s token as it commits, then taking a further commit step. */
    private ResultMessage<?> batch(int segment, long position, Runnable laterCommitStep) {
        return batchOnSegment(segment).executeWithResult(() -> {
            CurrentUnitOfWork.get().onPrepareCommit(committing -> tokens.storeToken(token(position), PROCESSOR, segment));
            CurrentUnitOfWork.get().onPrepareCommit(committing -> laterCommitStep.run());
            return null;
        });
    }

    private long stored() {
        return underneath.fetchToken(PROCESSOR, 0).position().orElseThrow();
    }

    private static TrackingToken token(long position) {
        return new GlobalSequenceTrackingToken(position);
    }

    private static BatchingUnitOfWork<EventMessage<?>> batchOnSegment(int segment) {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("e")));
        // where Axon's processors name a batch's segment
        batch.resources().put("Processor[" + PROCESSOR + "]/SegmentId", segment);
        return batch;
    }
}
