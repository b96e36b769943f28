package io.jobserver.client.load;

import io.jobserver.client.http.ServerAddress;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** The bytes of the load test's HTTP/1.1 requests, encoded once so that each request costs only a write. */
final class RequestTemplates {

    private final Buffer post;
    private final String statusPrefix;
    private final String statusSuffix;

    RequestTemplates(ServerAddress server, Buffer postBody) {
        String host = "Host: " + hostHeader(server) + "\r\n";
        String head = "POST " + server.requestUri("/job") + " HTTP/1.1\r\n"
                + host
                + "Content-Type: application/json\r\n"
                + "Accept: application/json\r\n"
                + "Content-Length: " + postBody.length() + "\r\n"
                + "\r\n";
        this.post = Buffer.buffer(head.getBytes(StandardCharsets.US_ASCII)).appendBuffer(postBody);
        this.statusPrefix = "GET " + server.requestUri("/status/");
        this.statusSuffix = " HTTP/1.1\r\n" + host + "Accept: application/json\r\n\r\n";
    }

    /** Returns the {@code POST /job} request; the same buffer serves every request because writes only read it. */
    Buffer post() {
        return post;
    }

    /** Returns a {@code GET /status/{job_id}} request. */
    Buffer status(long jobId) {
        return Buffer.buffer(statusPrefix + jobId + statusSuffix);
    }

    private static String hostHeader(ServerAddress server) {
        String host = server.host().contains(":") ? "[" + server.host() + "]" : server.host();
        boolean defaultPort = server.port() == (server.secure() ? 443 : 80);
        return defaultPort ? host : host + ":" + server.port();
    }
}
