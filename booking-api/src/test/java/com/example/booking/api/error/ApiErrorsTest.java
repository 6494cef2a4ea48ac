package com.example.booking.api.error;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.ResponseEntity;

import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class ApiErrorsTest {

    private final ApiErrors errors = new ApiErrors();

    @Test
    void aStoreThatCouldNotBeReachedChangedNothing() {
        ResponseEntity<ErrorBody> answer = errors.unavailable(new MongoTimeoutException("no server in 5 s"));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getBody().code()).isEqualTo("unavailable");
        assertThat(answer.getBody().message()).contains("nothing was changed");
    }

    @Test
    void aCommandMongoDbDidNotAnswerInTimeMayHaveBeenStored() {
        MongoSocketReadTimeoutException timedOut = new MongoSocketReadTimeoutException("Timeout while receiving message",
                new ServerAddress("mongo", 27017), new SocketTimeoutException("Read timed out"));

        // as Spring Data's translation hands it over
        ResponseEntity<ErrorBody> answer = errors.unavailable(new DataAccessResourceFailureException("timeout", timedOut));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getBody().code()).isEqualTo("unavailable");
        assertThat(answer.getBody().message()).contains("may have been stored").doesNotContain("nothing was changed");
    }

    @Test
    void aCommandWhoseConnectionClosedBeforeTheAnswerMayHaveBeenStored() {
        ResponseEntity<ErrorBody> answer = errors.unavailable(new MongoSocketReadException("Prematurely reached end of stream",
                new ServerAddress("mongo", 27017)));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getBody().message()).contains("may have been stored");
    }
}
