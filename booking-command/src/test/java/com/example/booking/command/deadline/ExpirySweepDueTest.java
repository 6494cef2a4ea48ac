package com.example.booking.command.deadline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ExpirySweepDueTest {

    private static final Instant END = Instant.parse("2026-12-01T10:10:00Z");
    private final ObjectMapper json = JsonMapper.builder().findAndAddModules().build();

    @Test
    void aSweepCoversTheHoldsOfItsWindowAndIsDueAfterIt() throws Exception {
        ExpirySweepDue due = new ExpirySweepDue(END.plusSeconds(5), END);
        assertThat(due.covered()).isEqualTo(END);
        assertThat(json.readValue(json.writeValueAsString(due), ExpirySweepDue.class)).isEqualTo(due);
    }

    /** Jobs stored by a version before sweep windows must still run, and must not run before their moment. */
    @Test
    void aSweepScheduledBeforeWindowsCoversUpToItsOwnMoment() throws Exception {
        ExpirySweepDue stored = json.readValue("{\"at\":\"2026-12-01T10:10:00Z\"}", ExpirySweepDue.class);
        assertThat(stored.at()).isEqualTo(END);
        assertThat(stored.covered()).isEqualTo(END);
    }
}
