package com.example.booking.api.infra;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;

/** What a MongoDB failure says about the command that met it. */
public final class MongoFailures {

    private MongoFailures() {
    }

    /**
     * Whether the command had reached MongoDB when it failed, so it may have been carried out: its answer
     * timed out, or the connection closed while the driver waited for it. A server that could not be
     * selected or connected to never saw the command.
     */
    public static boolean outcomeUnknown(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof MongoSocketReadTimeoutException || cause instanceof MongoSocketReadException) {
                return true;
            }
        }
        return false;
    }
}
