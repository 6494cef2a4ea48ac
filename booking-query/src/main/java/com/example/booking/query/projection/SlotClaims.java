package com.example.booking.query.projection;

import org.axonframework.eventhandling.pooled.MaxSegmentProvider;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many segments a slot's processor may hold on this node: all of them while the slot is claimable,
 * none otherwise, asked again by the processor's coordinator at every claim interval (it then lets go
 * of what it holds beyond that).
 * <p>
 * Axon's builder insists the provider answers more than zero when the processor is built, before any
 * coordinator asks; that first answer is therefore "all", and only later answers follow the slot.
 */
public final class SlotClaims implements MaxSegmentProvider {

    private final ReadModelSlots slots;
    private final AtomicBoolean built = new AtomicBoolean();

    public SlotClaims(ReadModelSlots slots) {
        this.slots = slots;
    }

    @Override
    public int getMaxSegments(String processorName) {
        if (built.compareAndSet(false, true)) {
            return Short.MAX_VALUE;
        }
        return slots.claimable(processorName) ? Short.MAX_VALUE : 0;
    }
}
