package com.example.booking.query.progress;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Which processor segments this node has held without a break. The projection processors reach the token
 * store through {@link #watching(TokenStore)}, and every claim, release and failed claim of a segment on
 * this node starts a new <em>claim</em> of it. While one claim lasts, no other node has handled the
 * segment's events, so what this node stored for the segment's trips is still what MongoDB holds.
 * <p>
 * A claim can also be lost without this node noticing at once: another node may take it over once the
 * token store's claim timeout (axon-mongo's 10 s) has passed without this node storing a token. Readers
 * of {@link Claim} therefore trust it only for {@link #TRUSTED_FOR_NANOS} after a batch started under it;
 * a busy segment's token is written at least once per {@link PacedTokenStore} interval (1 s), so its
 * stored claim is never older than that plus a batch when a batch commits.
 */
public final class ClaimedSegments {

    /** Well inside the token store's claim timeout (10 s), so clocks of the nodes may differ by seconds. */
    static final long TRUSTED_FOR_NANOS = 2_000_000_000L;

    private final Map<SegmentKey, AtomicLong> claims = new ConcurrentHashMap<>();

    /** The node's token store for one processor, telling this of every change of its claims. */
    public TokenStore watching(TokenStore tokens) {
        return new Watched(tokens);
    }

    /**
     * The claim a processor's batch runs under, or {@code null} when the batch does not name its segment.
     * Axon's pooled and tracking processors put the segment among the batch's resources under this key.
     */
    Claim of(UnitOfWork<?> batch, String processor) {
        Integer segment = segmentOf(batch, processor);
        return segment != null ? current(processor, segment) : null;
    }

    /** The segment a processor's batch runs on, as Axon's pooled and tracking processors name it; else null. */
    static Integer segmentOf(UnitOfWork<?> batch, String processor) {
        return batch.root().getResource("Processor[" + processor + "]/SegmentId") instanceof Integer id ? id : null;
    }

    private Claim current(String processor, int segment) {
        return new Claim(processor, segment, counter(processor, segment).get());
    }

    private AtomicLong counter(String processor, int segment) {
        return claims.computeIfAbsent(new SegmentKey(processor, segment), key -> new AtomicLong());
    }

    private void changed(String processor, int segment) {
        counter(processor, segment).incrementAndGet();
    }

    private void changedAll(String processor) {
        claims.forEach((key, counter) -> {
            if (key.processor().equals(processor)) {
                counter.incrementAndGet();
            }
        });
    }

    /** One uninterrupted claim of a segment by this node. */
    record Claim(String processor, int segment, long number) {
    }

    /** Passes every call on; a call that claims, releases or fails to keep a claim starts a new one. */
    private final class Watched extends ForwardingTokenStore {

        Watched(TokenStore tokens) {
            super(tokens);
        }

        private <T> T changing(String processor, int segment, Supplier<T> call) {
            try {
                return call.get();
            } finally {
                changed(processor, segment);
            }
        }

        private void changing(String processor, int segment, Runnable call) {
            changing(processor, segment, () -> {
                call.run();
                return null;
            });
        }

        /** A call that keeps the claim when it succeeds: only its failure ends it. */
        private void keeping(String processor, int segment, Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                changed(processor, segment);
                throw e;
            }
        }

        private void changingAll(String processor, Runnable call) {
            try {
                call.run();
            } finally {
                changedAll(processor);
            }
        }

        @Override
        public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
            return changing(processorName, segment, () -> tokens.fetchToken(processorName, segment));
        }

        @Override
        public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
            return changing(processorName, segment.getSegmentId(), () -> tokens.fetchToken(processorName, segment));
        }

        @Override
        public void storeToken(TrackingToken token, String processorName, int segment)
                throws UnableToClaimTokenException {
            keeping(processorName, segment, () -> tokens.storeToken(token, processorName, segment));
        }

        @Override
        public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
            keeping(processorName, segment, () -> tokens.extendClaim(processorName, segment));
        }

        @Override
        public void releaseClaim(String processorName, int segment) {
            changing(processorName, segment, () -> tokens.releaseClaim(processorName, segment));
        }

        @Override
        public void initializeTokenSegments(String processorName, int segmentCount)
                throws UnableToClaimTokenException {
            changingAll(processorName, () -> tokens.initializeTokenSegments(processorName, segmentCount));
        }

        @Override
        public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
                throws UnableToClaimTokenException {
            changingAll(processorName, () -> tokens.initializeTokenSegments(processorName, segmentCount, initialToken));
        }

        @Override
        public void initializeSegment(TrackingToken token, String processorName, int segment)
                throws UnableToInitializeTokenException {
            changing(processorName, segment, () -> tokens.initializeSegment(token, processorName, segment));
        }

        @Override
        public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
            changing(processorName, segment, () -> tokens.deleteToken(processorName, segment));
        }
    }
}
