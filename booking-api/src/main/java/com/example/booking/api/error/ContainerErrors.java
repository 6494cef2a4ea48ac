package com.example.booking.api.error;

import com.example.booking.shared.error.ErrorCode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Writer;

/**
 * Requests Tomcat refuses before any servlet sees them (a NUL or an encoded slash in the path, a
 * malformed request line) used to get Tomcat's HTML error page. This replaces the host's error report
 * valve with one that writes the API's JSON error body, so every answer carries a machine code.
 * Ordered last so it also replaces the valve Spring Boot adds.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class ContainerErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final ObjectMapper json;

    ContainerErrors(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            Pipeline host = context.getParent().getPipeline();
            for (Valve valve : host.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.removeValve(valve);
                }
            }
            host.addValve(new JsonErrorReportValve(json));
            // without this the host adds Tomcat's own HTML valve at start, inside ours, and it answers first
            ((StandardHost) context.getParent()).setErrorReportValveClass(JsonErrorReportValve.class.getName());
        });
    }

    static final class JsonErrorReportValve extends ErrorReportValve {

        private final ObjectMapper json;

        JsonErrorReportValve(ObjectMapper json) {
            this.json = json;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            ErrorBody body = status >= 500
                    ? ErrorBody.internalError("the request could not be processed")
                    : ErrorBody.of(ErrorCode.INVALID_DATA, "the request is malformed (" + status + ")");
            try {
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(json.writeValueAsString(body));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the response was taken over; nothing left to tell it
            }
        }
    }
}
