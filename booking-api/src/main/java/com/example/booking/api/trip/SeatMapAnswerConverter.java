package com.example.booking.api.trip;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * Writes a kept seat map to the response as it goes out, with its length: a megabyte per reader, built
 * in memory first, is what filled the heap when an on-sale's readers came at once.
 */
@Component
class SeatMapAnswerConverter extends AbstractHttpMessageConverter<RenderedSeatMaps.SeatMapAnswer> {

    SeatMapAnswerConverter() {
        super(MediaType.APPLICATION_JSON);
    }

    @Override
    protected boolean supports(Class<?> type) {
        return RenderedSeatMaps.SeatMapAnswer.class.isAssignableFrom(type);
    }

    @Override
    public boolean canRead(Class<?> type, MediaType mediaType) {
        return false;
    }

    @Override
    protected RenderedSeatMaps.SeatMapAnswer readInternal(Class<? extends RenderedSeatMaps.SeatMapAnswer> type,
                                                          HttpInputMessage input) {
        throw new HttpMessageNotReadableException("seat maps are not read from requests", input);
    }

    @Override
    protected Long getContentLength(RenderedSeatMaps.SeatMapAnswer answer, MediaType contentType) {
        return (long) answer.length();
    }

    @Override
    protected void writeInternal(RenderedSeatMaps.SeatMapAnswer answer, HttpOutputMessage output) throws IOException {
        answer.writeTo(output.getBody());
    }
}
