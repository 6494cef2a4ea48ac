package com.example.booking.query.progress;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToRetrieveIdentifierException;

import java.util.List;
import java.util.Optional;

/** A token store that passes every call on; the decorators here override the calls they watch or change. */
abstract class ForwardingTokenStore implements TokenStore {

    protected final TokenStore tokens;

    ForwardingTokenStore(TokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        return tokens.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        return tokens.fetchToken(processorName, segment);
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        tokens.storeToken(token, processorName, segment);
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        tokens.extendClaim(processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        tokens.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) throws UnableToClaimTokenException {
        tokens.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
            throws UnableToClaimTokenException {
        tokens.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment)
            throws UnableToInitializeTokenException {
        tokens.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        tokens.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return tokens.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return tokens.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return tokens.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() throws UnableToRetrieveIdentifierException {
        return tokens.retrieveStorageIdentifier();
    }
}
