package com.example.booking.query.progress;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A projection processor's token store that writes a batch's token at most once per interval and segment.
 * <p>
 * Axon stores a processor's token after every batch, and axon-mongo's token carries the id of every event
 * in its look-back window: at an on-sale's 125 events a second that is a 66-KB document, written by each
 * of the three projections for every stored batch of commands, about 200 times a second.
 * A token written less often costs nothing but a longer redelivery after a crash: a batch stores its
 * read-model writes and its trips' positions before its token ({@code BatchEnd}), and a projection passes
 * over every event at or below a trip's stored position ({@link ProjectionProgress}).
 * <p>
 * A batch's token that is not written at once waits, once its batch has committed, until the next batch
 * that is due, the segment's next claim extension (Axon's work package asks for one five seconds after its
 * last batch), or the release of the claim; each of these writes it. A claim is therefore renewed at least
 * once per interval while the segment is busy and every five seconds while it is idle, well inside the
 * token store's claim timeout (10 s). Tokens stored outside a batch (resets, splits, an idle segment's
 * progress) are written at once, as are all other calls.
 */
public final class PacedTokenStore extends ForwardingTokenStore {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<SegmentKey, Pending> segments = new ConcurrentHashMap<>();

    public PacedTokenStore(TokenStore tokens, Duration interval) {
        this(tokens, interval, System::nanoTime);
    }

    PacedTokenStore(TokenStore tokens, Duration interval, LongSupplier nanoTime) {
        super(tokens);
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** What this node last wrote for one segment, and the batch token it has not written yet. */
    private static final class Pending {
        long writtenAt;
        boolean written;
        TrackingToken token;
    }

    private Pending segment(String processor, int segment) {
        return segments.computeIfAbsent(new SegmentKey(processor, segment), key -> new Pending());
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        UnitOfWork<?> batch = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get() : null;
        Pending pending = segment(processorName, segment);
        synchronized (pending) {
            boolean ofABatch = batch != null && Integer.valueOf(segment).equals(ClaimedSegments.segmentOf(batch, processorName));
            if (!ofABatch || !pending.written || nanoTime.getAsLong() - pending.writtenAt >= intervalNanos) {
                write(pending, token, processorName, segment);
                return;
            }
        }
        // only a committed batch's token may be written later: a rolled back batch is delivered again
        batch.afterCommit(committed -> {
            synchronized (pending) {
                pending.token = token;
            }
        });
    }

    private void write(Pending pending, TrackingToken token, String processorName, int segment) {
        tokens.storeToken(token, processorName, segment);
        pending.token = null;
        pending.written = true;
        pending.writtenAt = nanoTime.getAsLong();
    }

    /** Writes the segment's waiting token, if there is one; true if it did. */
    private boolean flush(String processorName, int segment) {
        Pending pending = segments.get(new SegmentKey(processorName, segment));
        if (pending == null) {
            return false;
        }
        synchronized (pending) {
            if (pending.token == null) {
                return false;
            }
            write(pending, pending.token, processorName, segment);
            return true;
        }
    }

    /** A new claim starts from what the store holds; a token this node did not write by then is dropped. */
    private void forget(String processorName, int segment) {
        segments.remove(new SegmentKey(processorName, segment));
    }

    private void forgetAll(String processorName) {
        segments.keySet().removeIf(key -> key.processor().equals(processorName));
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        // storing the token extends the claim as well
        if (!flush(processorName, segment)) {
            tokens.extendClaim(processorName, segment);
        }
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        try {
            flush(processorName, segment);
        } finally {
            forget(processorName, segment);
            tokens.releaseClaim(processorName, segment);
        }
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        forget(processorName, segment);
        return tokens.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        forget(processorName, segment.getSegmentId());
        return tokens.fetchToken(processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        forget(processorName, segment);
        tokens.deleteToken(processorName, segment);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) throws UnableToClaimTokenException {
        forgetAll(processorName);
        tokens.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
            throws UnableToClaimTokenException {
        forgetAll(processorName);
        tokens.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment)
            throws UnableToInitializeTokenException {
        forget(processorName, segment);
        tokens.initializeSegment(token, processorName, segment);
    }
}
