package com.example.booking.api.infra;

import com.example.booking.command.lock.EventStoreAvailability;
import com.mongodb.event.ClusterDescriptionChangedEvent;
import com.mongodb.event.ClusterListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the MongoDB driver's own view of the cluster: whether it currently knows a server it can
 * write to. The driver updates it on every heartbeat and at once when an operation hits a network
 * error, so commands learn of an outage without each waiting out a server-selection timeout.
 */
class MongoReachability implements ClusterListener, EventStoreAvailability {

    private static final Logger log = LoggerFactory.getLogger(MongoReachability.class);

    // optimistic until the driver has looked: the first command then finds out the usual way
    private volatile boolean writable = true;
    private volatile boolean seenWritable;

    @Override
    public void clusterDescriptionChanged(ClusterDescriptionChangedEvent event) {
        boolean now = event.getNewDescription().hasWritableServer();
        boolean before = writable;
        boolean known = seenWritable;
        writable = now;
        if (now) {
            seenWritable = true;
        }
        // the driver starts out "connecting"; only a change after the first contact is news
        if (before != now && known) {
            log.warn("MongoDB is {}", now ? "writable again" : "not writable: commands answer 503 until it returns");
        }
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public boolean outcomeUnknown(Throwable failure) {
        return MongoFailures.outcomeUnknown(failure);
    }
}
