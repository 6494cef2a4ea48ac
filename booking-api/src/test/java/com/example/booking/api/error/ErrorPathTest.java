package com.example.booking.api.error;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorPathTest {

    @ParameterizedTest(name = "{0} forwarded: {1} {2}")
    @CsvSource({"400, 400, invalid_data", "401, 401, unauthorized", "403, 403, forbidden", "404, 404, invalid_data",
            "413, 413, invalid_data", "429, 429, rate_limited", "500, 500, internal_error", "502, 500, internal_error",
            "503, 503, unavailable", "999, 500, internal_error"})
    void aForwardedErrorGetsTheContractsBody(int forwarded, int status, String code) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, forwarded);

        ResponseEntity<ErrorBody> answer = new ErrorPath().error(request);

        assertThat(answer.getStatusCode().value()).isEqualTo(status);
        assertThat(answer.getBody().code()).isEqualTo(code);
        assertThat(answer.getBody().message()).isNotBlank();
    }
}
